import EtcdTestSupport
import Foundation
import Testing

extension LiveEtcdCommandTests {
    /// put and edit of real Kubernetes objects: YAML in, protobuf (`k8s\0` envelope) stored, the
    /// same object back out of get.
    @Suite struct KubeObjectWriteTests {
        static let configMap = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cfg
              namespace: default
            data:
              greeting: hello

            """

        /// The stored bytes as etcdctl returns them.
        static func storedBytes(_ etcd: EtcdProcess, _ key: String) throws -> [UInt8] {
            try #require(EtcdFixtures.etcdctlRecords(etcd, prefix: key).first { String(decoding: $0.key, as: UTF8.self) == key }).value
        }

        @Test(arguments: ["grpc", "http"])
        func putEncodesAndEditRoundTrips(transport: String) throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            let conn = Strata.connection(etcd.endpoint, transport)
            let key = "/registry/configmaps/default/cfg"

            let put = try Strata.run(["put", key] + conn, stdin: Data(Self.configMap.utf8))
            #expect(put.status == 0, "\(put.stderr)")
            let stored = try Self.storedBytes(etcd, key)
            #expect(Array(stored.prefix(4)) == [0x6B, 0x38, 0x73, 0x00], "kube-apiserver's protobuf envelope")

            let json = try Strata.run(["get", "cm", "cfg", "-o", "json"] + conn)
            #expect(json.status == 0, "\(json.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutBytes) as? [String: Any])
            #expect(object["kind"] as? String == "ConfigMap")
            #expect((object["data"] as? [String: String]) == ["greeting": "hello"])

            // The editor sees YAML, breaks it once (the error comes back on top), then fixes it.
            let editor = try EditTests.ScriptedEditor("""
                if [ $n = 1 ]; then
                  sed -i 's/greeting: hello/greeting: [unclosed/' "$f"
                else
                  grep -q '^# The edited object is not valid' "$f"
                  sed -i 's/greeting: \\[unclosed/greeting: bonjour/' "$f"
                fi
                """)
            let edit = try Strata.run(["edit", "configmaps", "cfg"] + conn,
                                      environment: ["EDITOR": editor.script.path, "TMPDIR": editor.dir.path])
            #expect(edit.status == 0, "\(edit.stderr)")
            #expect(editor.runs == 2)
            #expect(editor.seen(1).contains("greeting: hello"))
            #expect(editor.seen(2).contains("# The edited object is not valid"))
            let after = try Strata.run(["get", "cm", "cfg", "-o", "json"] + conn)
            let edited = try #require(try JSONSerialization.jsonObject(with: after.stdoutBytes) as? [String: Any])
            #expect((edited["data"] as? [String: String]) == ["greeting": "bonjour"])
            #expect(Array(try Self.storedBytes(etcd, key).prefix(4)) == [0x6B, 0x38, 0x73, 0x00])
        }

        @Test func plainTextValuesStayText() throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            try etcd.etcdctl(["put", "compact_rev_key", "5"])
            let conn = ["--endpoints", etcd.endpoint]
            // Replacing a text value with text keeps it text (no --raw needed) ...
            let r = try Strata.run(["put", "compact_rev_key", "--force"] + conn, stdin: Data("7".utf8))
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try EtcdFixtures.value(etcd, "compact_rev_key") == "7")
            // ... while a new key needs an object (or --raw), and nothing is written otherwise.
            let bad = try Strata.run(["put", "/registry/configmaps/default/x"] + conn, stdin: Data("just text".utf8))
            #expect(bad.status != 0)
            #expect(bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
            #expect(bad.stderr.contains("cannot encode") && bad.stderr.contains("--raw"), "\(bad.stderr)")
            #expect(try EtcdFixtures.value(etcd, "/registry/configmaps/default/x") == nil)
        }
    }
}
