import EtcdClient
import EtcdModel
import EtcdTestSupport
import Foundation
import StrataCore
import Testing

extension LiveEtcdCommandTests {
    /// `strata get` against a real etcd, over gRPC and the JSON gateway.
    @Suite struct GetCommandTests {
        static let transports = ["grpc", "http"]

        @Test(arguments: transports)
        func exactKeyPrefixKeysOnlyCountOnly(transport: String) throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            try etcd.etcdctl(["put", "/registry/configmaps/default/a", "alpha-value"])
            try etcd.etcdctl(["put", "/registry/configmaps/default/b", "beta-value"])
            try etcd.etcdctl(["put", "/registry/configmaps/other/c", "gamma-value"])
            let conn = Strata.connection(etcd.endpoint, transport)

            let one = try Strata.run(["get", "/registry/configmaps/default/a", "-o", "raw"] + conn)
            #expect(one.status == 0, "\(one.stderr)")
            #expect(one.stdout.contains("alpha-value"))
            #expect(!one.stdout.contains("beta-value"))

            let keys = try Strata.run(["get", "--prefix", "/registry/configmaps/", "--keys-only"] + conn)
            #expect(keys.status == 0, "\(keys.stderr)")
            #expect(keys.stdout == "/registry/configmaps/default/a\n/registry/configmaps/default/b\n/registry/configmaps/other/c\n")

            let count = try Strata.run(["get", "--prefix", "/registry/configmaps/default/", "--count-only"] + conn)
            #expect(count.stdout == "2\n")

            let limited = try Strata.run(["get", "--prefix", "/registry/configmaps/", "--keys-only", "--limit", "2", "--chunk-size", "1"] + conn)
            #expect(limited.stdout == "/registry/configmaps/default/a\n/registry/configmaps/default/b\n")

            let revs = try Strata.run(["get", "/registry/configmaps/default/b", "--keys-only", "--show-revisions"] + conn)
            let b = try #require(EtcdFixtures.etcdctlRecords(etcd, prefix: "/registry/configmaps/default/b").first)
            #expect(revs.stdout == "/registry/configmaps/default/b create_revision=\(b.createRevision) mod_revision=\(b.modRevision) version=\(b.version)\n")
        }

        @Test(arguments: transports)
        func readsAnOlderRevision(transport: String) throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            try etcd.etcdctl(["put", "/registry/secrets/default/s", "first-version"])
            let rev = try EtcdFixtures.revision(etcd)
            try etcd.etcdctl(["put", "/registry/secrets/default/s", "second-version"])
            let conn = Strata.connection(etcd.endpoint, transport)

            let old = try Strata.run(["get", "secrets", "s", "--rev", String(rev), "-o", "raw"] + conn)
            #expect(old.status == 0, "\(old.stderr)")
            #expect(old.stdout.contains("first-version") && !old.stdout.contains("second-version"))
            let now = try Strata.run(["get", "secret", "s", "-n", "default", "-o", "raw"] + conn)
            #expect(now.stdout.contains("second-version"))
        }

        @Test(arguments: transports)
        func missingKeyIsAnErrorOnStderr(transport: String) throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            let r = try Strata.run(["get", "/registry/pods/default/nope"] + Strata.connection(etcd.endpoint, transport))
            #expect(r.status != 0)
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.contains("not found"))
            #expect(r.stderr.split(separator: "\n").count == 1, "one line: \(r.stderr)")

            let none = try Strata.run(["get", "pods", "-n", "empty"] + Strata.connection(etcd.endpoint, transport))
            #expect(none.status == 0)
            #expect(none.stdout.isEmpty)
            #expect(none.stderr == "No resources found in empty namespace.\n")
        }

        @Test func unreachableEtcdIsOneClearLine() throws {
            let port = try EtcdProcess.freePort()
            for transport in Self.transports {
                let r = try Strata.run(["get", "/x", "--dial-timeout", "1s"] + Strata.connection("http://127.0.0.1:\(port)", transport))
                #expect(r.status != 0)
                #expect(r.stdout.isEmpty)
                #expect(r.stderr.split(separator: "\n").count == 1, "\(transport): \(r.stderr)")
                #expect(r.stderr.contains("127.0.0.1:\(port)"), "\(transport): \(r.stderr)")
            }
        }

        @Test func environmentVariablesAndFlagPrecedence() throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            try etcd.etcdctl(["put", "/env/k", "from-env"])
            // ETCDCTL_ENDPOINTS alone is enough ...
            let viaEnv = try Strata.run(["get", "/env/k", "-o", "raw"], environment: ["ETCDCTL_ENDPOINTS": etcd.endpoint])
            #expect(viaEnv.status == 0, "\(viaEnv.stderr)")
            #expect(viaEnv.stdout.contains("from-env"))
            // ... and --endpoints wins over it.
            let dead = try EtcdProcess.freePort()
            let overridden = try Strata.run(["get", "/env/k", "--endpoints", etcd.endpoint, "-o", "raw"],
                                            environment: ["ETCDCTL_ENDPOINTS": "http://127.0.0.1:\(dead)"])
            #expect(overridden.status == 0, "\(overridden.stderr)")
            let wrong = try Strata.run(["get", "/env/k", "--endpoints", "http://127.0.0.1:\(dead)", "--dial-timeout", "1s"],
                                       environment: ["ETCDCTL_ENDPOINTS": etcd.endpoint])
            #expect(wrong.status != 0)
            let badTransport = try Strata.run(["get", "/env/k", "--transport", "carrier-pigeon"], environment: ["ETCDCTL_ENDPOINTS": etcd.endpoint])
            #expect(badTransport.status != 0 && badTransport.stderr.contains("grpc or http"))
        }
    }
}
