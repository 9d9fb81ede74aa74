import EtcdTestSupport
import Foundation
import Testing

extension LiveEtcdCommandTests {
    /// The demo cluster of Fixtures/clusters, restored into a real etcd with etcdctl, read back
    /// through `strata get` over each transport: the same YAML as the committed export, and the
    /// same HashKV from the live server as from the file.
    @Suite struct FixtureClusterLiveTests {
        @Test func restoredDemoClusterReadsBackAsItsExport() throws {
            let fixture = ClusterFixturesTests.directory.appendingPathComponent("demo-1.35.db").path
            let expected = try String(contentsOf: ClusterFixturesTests.directory.appendingPathComponent("demo-1.35.yaml"), encoding: .utf8)
            guard let etcdctl = EtcdProcess.binary("etcdctl") else {
                Issue.record("etcdctl not found: install etcd-client (scripts/test.sh does)")
                return
            }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-fixture-live-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let name = "strata-control-plane"
            let peerPort = try EtcdProcess.freePort()
            let dataDir = dir.appendingPathComponent("data")
            _ = try EtcdProcess.run([etcdctl, "snapshot", "restore", fixture, "--data-dir", dataDir.path, "--name", name,
                                     "--initial-cluster", "\(name)=http://127.0.0.1:\(peerPort)",
                                     "--initial-advertise-peer-urls", "http://127.0.0.1:\(peerPort)"],
                                    environment: ["ETCDCTL_API": "3"])
            let etcd = try EtcdProcess.start(name: name, dataDir: dataDir)
            defer { etcd.stop() }
            for transport in ["grpc", "http"] {
                let live = try Strata.run(["get", "--prefix", "/registry", "--kube-version", "1.35", "-o", "yaml"]
                                          + Strata.connection(etcd.endpoint, transport), timeout: 120)
                #expect(live.status == 0, "\(live.stderr)")
                #expect(live.stdout == expected, "\(transport): the live read differs from the committed export")
            }
            let fromFile = try Strata.run(["hashkv", "--file", fixture])
            let fromServer = try Strata.run(["hashkv", "--endpoints", etcd.endpoint])
            #expect(fromFile.status == 0 && fromServer.status == 0, "\(fromFile.stderr) \(fromServer.stderr)")
            #expect(Self.hash(fromFile.stdout) != nil)
            #expect(Self.hash(fromFile.stdout) == Self.hash(fromServer.stdout))
        }

        /// The first number on the `hash` line of `strata hashkv` output.
        static func hash(_ output: String) -> String? {
            output.split(separator: "\n").first { $0.lowercased().contains("hash") }.flatMap { line in
                line.split(whereSeparator: { !$0.isNumber }).first.map(String.init)
            }
        }
    }
}
