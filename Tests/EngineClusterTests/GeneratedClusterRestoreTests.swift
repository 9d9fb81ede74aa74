import EngineCluster
import EngineKit
import EngineStore
import EtcdModel
import EtcdTestSupport
import Foundation
import KubeCodec
import Testing

/// Real etcd must accept a generated cluster: `etcdctl snapshot restore` of the file, an etcd
/// started on the result, and every key, value and revision served back.
@Suite(.serialized) struct GeneratedClusterRestoreTests {
    @Test func realEtcdRestoresAndServesAFreshCluster() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cluster-restore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("fresh.db").path
        let report = try await ClusterGenerator.generate(GenerateOptions(scenario: .fresh), toFile: path)
        // The file as Strata's own offline reader sees it.
        let store = try EmbeddedStore.load(from: path)
        #expect(store.currentRevision() == report.revision)
        let expected = try store.range(KVRangeRequest(key: [0], rangeEnd: [0]))

        let etcd = try EtcdProcess.startRestored(snapshot: path, directory: dir, name: "strata-control-plane")
        defer { etcd.stop() }
        let data = try etcd.etcdctl(["get", "", "--from-key", "-w", "json"])
        let all = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let header = all["header"] as? [String: Any]
        #expect(int(header?["revision"]) == report.revision)
        let kvs = (all["kvs"] as? [[String: Any]]) ?? []
        #expect(kvs.count == expected.kvs.count)
        #expect(kvs.count == report.keys)
        for (real, mine) in zip(kvs, expected.kvs) {
            #expect(bytes(real["key"]) == mine.key)
            #expect(bytes(real["value"]) == mine.value)
            #expect(int(real["create_revision"]) == mine.createRevision)
            #expect(int(real["mod_revision"]) == mine.modRevision)
            #expect(int(real["version"]) == mine.version)
        }
        // Kubernetes objects in the restored etcd decode with the codec.
        let pod = try etcd.etcdctl(["get", "--prefix", "/registry/namespaces/kube-system", "--print-value-only"])
        #expect(pod.starts(with: Envelope.magic))
    }

    private func int(_ any: Any?) -> Int64 {
        if let n = any as? NSNumber { return n.int64Value }
        if let s = any as? String { return Int64(s) ?? -1 }
        return -1
    }

    private func bytes(_ any: Any?) -> [UInt8] {
        guard let s = any as? String, let d = Data(base64Encoded: s) else { return [] }
        return [UInt8](d)
    }
}
