import EtcdClient
import EtcdModel
import EtcdTestSupport
import Foundation
import StrataCore
import Testing

extension LiveEtcdCommandTests {
    /// A large range read in pages equals etcdctl's single-request listing: same keys, values and
    /// revisions, all read at the revision of the first page.
    @Suite struct PagingTests {
        @Test func pagedListingEqualsEtcdctl() async throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            try await EtcdFixtures.load(etcd, prefix: "/registry/pods/default/pod-", count: 2_100)
            // Rewrite a few so that create and mod revisions differ.
            for i in [0, 777, 2_099] {
                try etcd.etcdctl(["put", "/registry/pods/default/pod-" + String(format: "%05d", i), "rewritten-\(i)"])
            }
            let expected = try EtcdFixtures.etcdctlRecords(etcd, prefix: "/registry/pods/")
            #expect(expected.count == 2_100)

            for transport in [EtcdTransportKind.grpc, .http] {
                let client = try EtcdFixtures.client(etcd, transport: transport)
                let source = LiveSource(client, description: "test")
                let target = try await TargetSpec(arguments: ["pods"], allNamespaces: true).resolve(customResourcesFrom: source)
                var got: [EtcdFixtures.Record] = []
                let outcome = try await GetOperation(target: target, chunkSize: 300).run(on: source) { kv in
                    got.append(.init(key: kv.key, value: kv.value, createRevision: kv.createRevision,
                                     modRevision: kv.modRevision, version: kv.version))
                }
                await client.close()
                #expect(got.count == expected.count, "\(transport)")
                #expect(got == expected, "\(transport)")
                #expect(outcome.count == 2_100)
                #expect(outcome.revision == (try EtcdFixtures.revision(etcd)))
            }

            // Through the binary: keys in etcdctl's order.
            let keys = try Strata.run(["get", "--prefix", "/registry/pods/", "--keys-only", "--chunk-size", "250",
                                       "--endpoints", etcd.endpoint])
            #expect(keys.status == 0, "\(keys.stderr)")
            #expect(keys.stdout.split(separator: "\n").map(String.init) == expected.map { String(decoding: $0.key, as: UTF8.self) })
        }

        @Test func pagesStayAtTheFirstPagesRevision() async throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            try await EtcdFixtures.load(etcd, prefix: "/p/", count: 40)
            let rev = try EtcdFixtures.revision(etcd)
            let client = try EtcdFixtures.client(etcd)
            let source = LiveSource(client, description: "test")
            var seen = 0
            // Writes between pages must not show up: the listing is pinned to the first page.
            _ = try await GetOperation(target: .prefix("/p/"), chunkSize: 10).run(on: source) { kv in
                seen += 1
                if seen == 5 {
                    try etcd.etcdctl(["put", "/p/00003", "changed-mid-listing"])
                    try etcd.etcdctl(["put", "/p/zzz", "added-mid-listing"])
                }
                #expect(kv.modRevision <= rev)
            }
            await client.close()
            #expect(seen == 40)
        }
    }
}
