import Foundation
import EtcdTestSupport

/// Small helpers for driving `etcdctl` from tests and reading its `-w json` output.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum EtcdCtl {
    static func json(_ data: Data) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TestFailure("etcdctl printed no JSON object: \(String(decoding: data, as: UTF8.self))")
        }
        return object
    }

    static func int(_ value: Any?) -> Int64 {
        if let n = value as? NSNumber { return n.int64Value }
        if let s = value as? String { return Int64(s) ?? 0 }
        return 0
    }

    static func bytes(_ value: Any?) -> [UInt8] {
        guard let s = value as? String, let d = Data(base64Encoded: s) else { return [] }
        return Array(d)
    }

    /// Header revision of a response printed by etcdctl -w json.
    static func revision(_ object: [String: Any]) -> Int64 {
        int((object["header"] as? [String: Any])?["revision"])
    }

    /// Runs a process to completion whatever its exit status; returns (status, stdout, stderr).
    static func run(_ argv: [String], environment: [String: String] = ["ETCDCTL_API": "3"]) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: argv[0])
        p.arguments = Array(argv.dropFirst())
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("engine-run-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path + ".o", contents: nil)
        FileManager.default.createFile(atPath: out.path + ".e", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: out.path + ".o")
            try? FileManager.default.removeItem(atPath: out.path + ".e")
        }
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out.path + ".o"))
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: out.path + ".e"))
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let stdout = (try? String(contentsOfFile: out.path + ".o", encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: out.path + ".e", encoding: .utf8)) ?? ""
        return (p.terminationStatus, stdout, stderr)
    }

    static var etcdctlPath: String {
        get throws {
            guard let path = EtcdProcess.binary("etcdctl") else {
                throw TestFailure("etcdctl not found: install etcd-client")
            }
            return path
        }
    }
}
