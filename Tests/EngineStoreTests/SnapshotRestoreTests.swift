import Foundation
import Testing
import EtcdModel
import EtcdTestSupport
@testable import EngineStore

/// The db files the store writes must be accepted by real etcd 3.4: `snapshot status` (bbolt's
/// consistency check), `snapshot restore`, and a server started on the restored directory.
@Suite(.serialized)
struct SnapshotRestoreTests {
    /// A store with history, deletes, a recreate, a lease and a compaction.
    static func populatedStore(keys: Int = 300, valueSize: Int = 700) throws -> EmbeddedStore {
        let store = EmbeddedStore(configuration: .init(seed: 42, memberName: "restored"))
        for i in 0..<keys {
            let value = [UInt8]("value-\(i)-".utf8) + [UInt8](repeating: UInt8(i % 251), count: valueSize)
            _ = try store.put(Array("/registry/pods/ns\(i % 7)/pod-\(i)".utf8), value)
        }
        for i in stride(from: 0, to: keys, by: 10) {
            _ = try store.put(Array("/registry/pods/ns\(i % 7)/pod-\(i)".utf8), Array("updated-\(i)".utf8))
        }
        _ = try store.delete(KVDeleteRequest(key: Array("/registry/pods/ns1/pod-1".utf8)))
        _ = try store.delete(KVDeleteRequest(key: Array("/registry/pods/ns2/pod-2".utf8)))
        let compactAt = store.currentRevision()
        _ = try store.put(Array("/registry/pods/ns2/pod-2".utf8), Array("recreated".utf8))
        let lease = try store.leaseGrant(ttl: 3600)
        _ = try store.put(Array("/registry/events/default/e1".utf8), Array("event".utf8), lease: lease.id)
        // A big value that needs overflow pages.
        _ = try store.put(Array("/registry/configmaps/default/big".utf8), [UInt8](repeating: 0x42, count: 20_000))
        try store.compact(compactAt)
        return store
    }

    @Test func restoredEtcdServesTheSameKeysAndRevisions() throws {
        let store = try Self.populatedStore()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("engine-restore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let snapshot = dir.appendingPathComponent("snap.db").path
        try store.writeDatabase(to: snapshot, asSnapshot: true)
        let size = try FileManager.default.attributesOfItem(atPath: snapshot)[.size] as? Int ?? 0
        #expect(size % 512 == 32)

        let etcdctl = try EtcdCtl.etcdctlPath
        let (statusCode, statusOut, statusErr) = try EtcdCtl.run([etcdctl, "snapshot", "status", snapshot, "-w", "json"])
        #expect(statusCode == 0, "snapshot status failed: \(statusErr)")
        let status = try EtcdCtl.json(Data(statusOut.utf8))
        #expect(EtcdCtl.int(status["revision"]) == store.currentRevision())

        let name = "restored"
        let peerPort = try EtcdProcess.freePort()
        let dataDir = dir.appendingPathComponent("data")
        let (restoreCode, _, restoreErr) = try EtcdCtl.run([
            etcdctl, "snapshot", "restore", snapshot, "--data-dir", dataDir.path, "--name", name,
            "--initial-cluster", "\(name)=http://127.0.0.1:\(peerPort)",
            "--initial-advertise-peer-urls", "http://127.0.0.1:\(peerPort)",
        ])
        try #require(restoreCode == 0, "snapshot restore failed: \(restoreErr)")

        let etcd = try EtcdProcess.start(name: name, dataDir: dataDir)
        defer { etcd.stop() }
        let all = try EtcdCtl.json(etcd.etcdctl(["get", "", "--from-key", "-w", "json"]))
        let expected = try store.range(KVRangeRequest(key: [0], rangeEnd: [0]))
        #expect(EtcdCtl.revision(all) == store.currentRevision())
        let kvs = (all["kvs"] as? [[String: Any]]) ?? []
        #expect(kvs.count == expected.kvs.count)
        for (real, mine) in zip(kvs, expected.kvs) {
            #expect(EtcdCtl.bytes(real["key"]) == mine.key)
            #expect(EtcdCtl.bytes(real["value"]) == mine.value)
            #expect(EtcdCtl.int(real["create_revision"]) == mine.createRevision)
            #expect(EtcdCtl.int(real["mod_revision"]) == mine.modRevision)
            #expect(EtcdCtl.int(real["version"]) == mine.version)
            #expect(EtcdCtl.int(real["lease"]) == mine.lease)
        }
        // The compaction point survives: older revisions are reported as compacted.
        let compacted = store.compactedRevision
        do {
            _ = try etcd.etcdctl(["get", "/registry/pods/ns0/pod-0", "--rev=\(compacted - 1)"])
            Issue.record("reading below the compaction point succeeded")
        } catch {
            #expect("\(error)".contains("required revision has been compacted"))
        }
        // ...and the compaction revision itself is still readable.
        let atCompaction = try EtcdCtl.json(etcd.etcdctl(["get", "/registry/pods/ns2/pod-2", "--rev=\(compacted)", "-w", "json"]))
        #expect(((atCompaction["kvs"] as? [[String: Any]]) ?? []).isEmpty)
    }
}
