import EtcdTestSupport
import Foundation

/// A real etcd snapshot big enough for a multi-level `key` tree and overflow pages, plus what
/// `etcdctl snapshot status` (bbolt's own reader) says about it.
final class SnapshotFixture: @unchecked Sendable {
    let directory: URL
    let snapshotPath: String
    let bytes: [UInt8]
    let statusHash: UInt32
    let statusRevision: Int64
    let statusTotalKey: Int

    static let shared: Result<SnapshotFixture, Error> = Result { try SnapshotFixture() }
    static func get() throws -> SnapshotFixture { try shared.get() }

    private init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-bolt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        TemporaryDirectories.removeAtExit(directory)
        snapshotPath = directory.appendingPathComponent("snap.db").path
        let etcd = try EtcdProcess.start(name: "bolt")
        defer { etcd.stop() }
        // Four txns of 100 puts with 1 KB values: a few hundred leaf pages under branch pages.
        for t in 0..<4 {
            var script = "\n"
            for i in 0..<100 {
                let value = String(repeating: String(format: "%02x", (t * 100 + i) % 256), count: 500)
                script += "put /registry/pods/ns\(t)/pod-\(String(format: "%04d", i)) \(value)\n"
            }
            script += "\n\n"
            try etcd.etcdctl(["txn"], stdin: Data(script.utf8))
        }
        // Values larger than a page live in overflow pages.
        for i in 0..<3 { try etcd.etcdctl(["put", "/registry/configmaps/big/cm-\(i)"], stdin: Data(repeating: UInt8(65 + i), count: 9000)) }
        try etcd.etcdctl(["del", "/registry/pods/ns0/pod-0001"])
        try etcd.etcdctl(["snapshot", "save", snapshotPath])
        let status = try etcd.etcdctl(["snapshot", "status", snapshotPath, "-w", "json"])
        let obj = try JSONSerialization.jsonObject(with: status) as? [String: Any] ?? [:]
        statusHash = UInt32(truncatingIfNeeded: (obj["hash"] as? NSNumber)?.int64Value ?? -1)
        statusRevision = (obj["revision"] as? NSNumber)?.int64Value ?? -1
        statusTotalKey = (obj["totalKey"] as? NSNumber)?.intValue ?? -1
        bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: snapshotPath)))
    }

    /// Writes a (damaged) copy and returns its path.
    func writeCopy(_ data: [UInt8], name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(data).write(to: URL(fileURLWithPath: path))
        return path
    }
}
