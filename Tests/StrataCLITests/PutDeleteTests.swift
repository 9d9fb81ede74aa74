import EtcdTestSupport
import Foundation
import Testing

extension LiveEtcdCommandTests {
    /// Writes never lose someone else's change: create-only by default, compare-and-swap on the
    /// mod revision, --force to overwrite; deletes guarded the same way.
    @Suite struct PutDeleteTests {
        @Test(arguments: ["grpc", "http"])
        func putGuards(transport: String) throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            let conn = Strata.connection(etcd.endpoint, transport)
            let key = "/registry/configmaps/default/cfg"

            let created = try Strata.run(["put", key, "--raw"] + conn, stdin: Data("one".utf8))
            #expect(created.status == 0, "\(created.stderr)")
            let rev1 = try #require(try EtcdFixtures.modRevision(etcd, key))
            #expect(created.stdout == "created \(key) mod_revision=\(rev1)\n")

            // Create-only refuses an existing key and names the revision to use.
            let again = try Strata.run(["put", key, "--raw"] + conn, stdin: Data("two".utf8))
            #expect(again.status != 0)
            #expect(again.stderr.contains("already exists") && again.stderr.contains("--if-mod-revision \(rev1)"), "\(again.stderr)")
            #expect(try EtcdFixtures.value(etcd, key) == "one")

            // Someone else writes; our guard on the old revision fails.
            try etcd.etcdctl(["put", key, "theirs"])
            let rev2 = try #require(try EtcdFixtures.modRevision(etcd, key))
            let stale = try Strata.run(["put", key, "--raw", "--if-mod-revision", String(rev1)] + conn, stdin: Data("mine".utf8))
            #expect(stale.status != 0)
            #expect(stale.stderr.contains("mod_revision is \(rev2)"), "\(stale.stderr)")
            #expect(try EtcdFixtures.value(etcd, key) == "theirs")

            // The current revision passes; from a file this time.
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("strata-put-\(UUID().uuidString).txt")
            try Data("mine".utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let fresh = try Strata.run(["put", key, file.path, "--raw", "--if-mod-revision", String(rev2)] + conn)
            #expect(fresh.status == 0, "\(fresh.stderr)")
            #expect(fresh.stdout.hasPrefix("replaced \(key)"))
            #expect(try EtcdFixtures.value(etcd, key) == "mine")

            let forced = try Strata.run(["put", key, "--raw", "--force"] + conn, stdin: Data("forced".utf8))
            #expect(forced.status == 0)
            #expect(try EtcdFixtures.value(etcd, key) == "forced")

            let missing = try Strata.run(["put", "/registry/configmaps/default/none", "--raw", "--if-mod-revision", "5"] + conn, stdin: Data("x".utf8))
            #expect(missing.status != 0 && missing.stderr.contains("does not exist"))
            #expect(try EtcdFixtures.value(etcd, "/registry/configmaps/default/none") == nil)

            let both = try Strata.run(["put", key, "--raw", "--force", "--if-mod-revision", "3"] + conn, stdin: Data("x".utf8))
            #expect(both.status != 0)
        }

        @Test(arguments: ["grpc", "http"])
        func deleteGuards(transport: String) throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            let conn = Strata.connection(etcd.endpoint, transport)
            let key = "/registry/pods/default/web-0"
            try etcd.etcdctl(["put", key, "v1"])
            let rev1 = try #require(try EtcdFixtures.modRevision(etcd, key))
            try etcd.etcdctl(["put", key, "v2"])

            let stale = try Strata.run(["delete", key, "--if-mod-revision", String(rev1)] + conn)
            #expect(stale.status != 0)
            #expect(stale.stderr.contains("has changed"), "\(stale.stderr)")
            #expect(try EtcdFixtures.value(etcd, key) == "v2")

            let rev2 = try #require(try EtcdFixtures.modRevision(etcd, key))
            let ok = try Strata.run(["delete", "pods", "web-0", "--if-mod-revision", String(rev2)] + conn)
            #expect(ok.status == 0, "\(ok.stderr)")
            #expect(ok.stdout.hasPrefix("deleted 1 key "))
            #expect(try EtcdFixtures.value(etcd, key) == nil)

            let gone = try Strata.run(["delete", key] + conn)
            #expect(gone.status != 0 && gone.stderr.contains("not found"))

            for i in 0..<3 { try etcd.etcdctl(["put", "/registry/events/default/e\(i)", "x"]) }
            try etcd.etcdctl(["put", "/registry/eventsx", "keep"])
            let unforced = try Strata.run(["delete", "--prefix", "/registry/events/"] + conn)
            #expect(unforced.status != 0 && unforced.stderr.contains("--force"))
            #expect(try EtcdFixtures.etcdctlRecords(etcd, prefix: "/registry/events/").count == 3)
            let forced = try Strata.run(["delete", "--prefix", "/registry/events/", "--force"] + conn)
            #expect(forced.status == 0)
            #expect(forced.stdout.hasPrefix("deleted 3 keys"))
            #expect(try EtcdFixtures.etcdctlRecords(etcd, prefix: "/registry/events/").isEmpty)
            #expect(try EtcdFixtures.value(etcd, "/registry/eventsx") == "keep")
        }
    }
}
