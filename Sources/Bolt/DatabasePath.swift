import Foundation

/// What the user may point us at: a snapshot file, a `db` file, a data dir (`member/snap/db`
/// inside) or a member dir (`snap/db` inside).
public enum DatabasePath {
    public static func resolve(_ path: String) throws(BoltError) -> String {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw .cannotOpen(path: path, reason: "no such file or directory")
        }
        guard isDir.boolValue else { return path }
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        for candidate in ["member/snap/db", "snap/db", "db"] {
            let p = base + "/" + candidate
            var candidateIsDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: p, isDirectory: &candidateIsDir), !candidateIsDir.boolValue { return p }
        }
        throw .cannotOpen(path: path, reason: "a directory without member/snap/db (not an etcd data dir)")
    }
}
