import EtcdTestSupport
import Foundation
import Testing

extension LiveEtcdCommandTests {
    /// `strata history KEY` against a running etcd: every revision, across a delete and a
    /// re-creation, oldest first, and only what survives a compaction.
    @Suite struct LiveHistoryTests {
        @Test(arguments: ["grpc", "http"])
        func everyRevisionAcrossDeleteAndRecreate(transport: String) throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            let key = "/registry/configmaps/default/cfg"
            try etcd.etcdctl(["put", key, "v1"])
            let first = try EtcdFixtures.revision(etcd)
            try etcd.etcdctl(["put", "/registry/configmaps/default/other", "x"])
            try etcd.etcdctl(["put", key, "v2"])
            try etcd.etcdctl(["del", key])
            let deletedAt = try EtcdFixtures.revision(etcd)
            try etcd.etcdctl(["put", key, "v3"])
            let last = try EtcdFixtures.revision(etcd)

            let r = try Strata.run(["history", key, "-o", "raw"] + Strata.connection(etcd.endpoint, transport), timeout: 30)
            #expect(r.status == 0, "\(r.stderr)")
            let headers = r.stdout.split(separator: "\n").filter { $0.hasPrefix("# revision") }.map(String.init)
            #expect(headers == [
                "# revision \(first): version 1, created at \(first)",
                "# revision \(first + 2): version 2, created at \(first)",
                "# revision \(deletedAt): deleted",
                "# revision \(last): version 1, created at \(last)",
            ])
            #expect(r.stdout.contains("v1") && r.stdout.contains("v2") && r.stdout.contains("v3"))
        }

        @Test func historyOfADeletedKeyEndsWithItsDeletion() throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            try etcd.etcdctl(["put", "/k", "a"])
            try etcd.etcdctl(["del", "/k"])
            let r = try Strata.run(["history", "/k", "-o", "raw"] + Strata.connection(etcd.endpoint, "grpc"), timeout: 30)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.split(separator: "\n").filter { $0.hasPrefix("# revision") }.count == 2)
            #expect(r.stdout.contains(": deleted"))
        }

        @Test func compactedRevisionsAreGone() throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            for i in 1...5 { try etcd.etcdctl(["put", "/k", "v\(i)"]) }
            let rev = try EtcdFixtures.revision(etcd)
            try etcd.etcdctl(["compaction", String(rev - 1)])
            let r = try Strata.run(["history", "/k", "-o", "raw"] + Strata.connection(etcd.endpoint, "grpc"), timeout: 30)
            #expect(r.status == 0, "\(r.stderr)")
            let headers = r.stdout.split(separator: "\n").filter { $0.hasPrefix("# revision") }
            // etcd keeps the compaction revision itself: v4 and v5 are left.
            #expect(headers.count == 2, "\(r.stdout)")
            #expect(!r.stdout.contains("v3"))
        }

        @Test func neverWrittenKeyIsAnError() throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            try etcd.etcdctl(["put", "/other", "x"])
            let r = try Strata.run(["history", "/missing"] + Strata.connection(etcd.endpoint, "grpc"), timeout: 30)
            #expect(r.status != 0)
            #expect(r.stderr.contains("no revisions"))
        }
    }
}
