#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written under a temporary name in the target's directory, then fsynced and renamed
/// into place, so the target path only ever holds a complete file. Until `commit` succeeds,
/// `discard` (or any failure) removes the temporary file.
final class AtomicFile: @unchecked Sendable {  // used by one writer at a time: snapshot chunks arrive in order
    let path: String
    let tempPath: String
    private var fd: Int32

    init(path: String) throws(EtcdError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !base.isEmpty else { throw EtcdError(.invalidArgument, "snapshot path \(path) names a directory") }
        var name = ""
        var opened: Int32 = -1
        for _ in 0..<8 {
            name = "\(dir.isEmpty ? "" : dir)/.\(base).part-\(UInt32.random(in: 0...UInt32.max))"
            opened = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if opened >= 0 || errno != EEXIST { break }
        }
        guard opened >= 0 else {
            throw EtcdError(.other, "cannot create a temporary file next to \(path): \(FileSystem.errnoText())")
        }
        tempPath = name
        fd = opened
    }

    func append(_ bytes: [UInt8]) throws(EtcdError) {
        var result: EtcdError?
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let n = write(fd, base + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    result = EtcdError(.other, "cannot write \(tempPath): \(FileSystem.errnoText())")
                    return
                }
                offset += n
            }
        }
        if let result { throw result }
    }

    /// fsync, close, rename over `path`, then fsync the directory so the rename is durable.
    func commit() throws(EtcdError) {
        guard fsync(fd) == 0 else { throw EtcdError(.other, "cannot fsync \(tempPath): \(FileSystem.errnoText())") }
        let closed = close(fd)
        fd = -1
        guard closed == 0 else { throw EtcdError(.other, "cannot close \(tempPath): \(FileSystem.errnoText())") }
        guard rename(tempPath, path) == 0 else {
            throw EtcdError(.other, "cannot rename \(tempPath) to \(path): \(FileSystem.errnoText())")
        }
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let dfd = open(dir.isEmpty ? "/" : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            _ = fsync(dfd)
            close(dfd)
        }
    }

    func discard() {
        if fd >= 0 {
            close(fd)
            fd = -1
            unlink(tempPath)
        }
    }

    deinit { discard() }
}
