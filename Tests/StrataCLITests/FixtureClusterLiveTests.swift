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
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-fixture-live-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let etcd = try EtcdProcess.startRestored(snapshot: fixture, directory: dir, name: "strata-control-plane")
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
