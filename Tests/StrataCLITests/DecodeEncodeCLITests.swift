import EtcdTestSupport
import Foundation
import Testing

/// `strata decode` and `strata encode` end to end, through the built binary.
@Suite struct DecodeEncodeCLITests {
    static let repo: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let upstream: URL = {
        if let env = ProcessInfo.processInfo.environment["STRATA_SHARED"] {
            return URL(fileURLWithPath: env).appendingPathComponent("fixtures/kubernetes-api/HEAD")
        }
        return repo.deletingLastPathComponent().appendingPathComponent("shared/fixtures/kubernetes-api/HEAD")
    }()

    func text(_ path: String) throws -> String {
        try String(contentsOf: Self.repo.appendingPathComponent(path), encoding: .utf8)
    }

    /// etcdctl's own output of three objects (made by scripts/make-fixtures.sh) decodes to the
    /// hand-written YAML those objects were made from, as one stream with `# key` comments.
    @Test func etcdctlOutputDecodesToTheOriginalYAML() throws {
        let r = try Strata.run(["decode", Self.repo.appendingPathComponent("Fixtures/etcd/registry.etcdctl").path])
        #expect(r.status == 0, "\(r.stderr)")
        let expected = "# /registry/configmaps/default/settings\n" + (try text("Fixtures/objects/configmap-settings.yaml"))
            + "---\n# /registry/deployments/default/web\n" + (try text("Fixtures/objects/deployment-web.yaml"))
            + "---\n# /registry/services/specs/default/web\n" + (try text("Fixtures/objects/service-web.yaml"))
        #expect(r.stdout == expected)
    }

    @Test func jsonFormWithRevisionsAsJSONLines() throws {
        let r = try Strata.run(["decode", "-o", "jsonl", "--show-revisions", Self.repo.appendingPathComponent("Fixtures/etcd/registry.json").path])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix(#"{"key":"/registry/configmaps/default/settings","createRevision":2,"modRevision":2,"version":1,"object":{"kind":"ConfigMap""#) == true)
    }

    @Test func encodeErrorsNameTheFieldAndWriteNothing() throws {
        let bad = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","ports":[{"containerPort":"http"}]}]}}"#
        let r = try Strata.run(["encode"], stdin: Data(bad.utf8))
        #expect(r.status != 0)
        #expect(r.stdoutBytes.isEmpty)
        #expect(r.stderr.contains(#"spec.containers[0].ports[0].containerPort: expected integer, got "http""#), "\(r.stderr)")
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  bogus: 1\n"
        let r2 = try Strata.run(["encode"], stdin: Data(yaml.utf8))
        #expect(r2.status != 0 && r2.stderr.contains("metadata.bogus: unknown field"), "\(r2.stderr)")
        let r3 = try Strata.run(["encode"], stdin: Data("a: [1\n".utf8))
        #expect(r3.status != 0 && r3.stderr.contains("YAML"), "\(r3.stderr)")
    }

    @Test func encryptedValuesAreNamedAndFail() throws {
        let value = Data("k8s:enc:aescbc:v1:key1:".utf8) + Data((0..<48).map { UInt8($0) })
        let r = try Strata.run(["decode", "--input", "raw"], stdin: value)
        #expect(r.status != 0)
        #expect(r.stderr.contains("aescbc") && r.stderr.contains("key1"), "\(r.stderr)")
    }

    @Test func protoPayloadAndMetaOnly() throws {
        let pb = try Data(contentsOf: Self.upstream.appendingPathComponent("core.v1.Pod.pb"))
        let meta = try Strata.run(["decode", "--meta-only"], stdin: pb)
        #expect(meta.stdout == "apiVersion: v1\nkind: Pod\n", "\(meta.stdout)")
        let payload = try Strata.run(["decode", "-o", "proto"], stdin: pb)
        #expect(payload.status == 0)
        // The payload is the envelope's raw field: it sits inside the value, ending 4 bytes
        // before its end (contentEncoding and contentType, both empty).
        #expect(payload.stdoutBytes.count > 100 && pb.dropLast(4).suffix(payload.stdoutBytes.count) == payload.stdoutBytes)
    }

    @Test func unknownKindShowsRawFieldsWithAWarning() throws {
        // An envelope naming a kind the schema does not know, around a tiny message.
        var v: [UInt8] = [0x6B, 0x38, 0x73, 0x00]
        let apiVersion = Array("example.com/v1".utf8), kind = Array("Widget".utf8)
        let typeMeta = [0x0A, UInt8(apiVersion.count)] + apiVersion + [0x12, UInt8(kind.count)] + kind
        let raw: [UInt8] = [0x0A, 0x03] + Array("abc".utf8) + [0x10, 0x07]
        v += [0x0A, UInt8(typeMeta.count)] + typeMeta + [0x12, UInt8(raw.count)] + raw + [0x1A, 0x00, 0x22, 0x00]
        let r = try Strata.run(["decode", "--input", "raw", "-o", "jsonl"], stdin: Data(v))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("unknown kind Widget"), "\(r.stderr)")
        #expect(r.stdout.contains(#""protobufFields":[{"field":1,"wire":"bytes","string":"abc"},{"field":2,"wire":"varint","int":7}]"#), "\(r.stdout)")
    }

    /// Every upstream fixture through a real etcd: put with etcdctl, read back with
    /// `etcdctl get --prefix -w json`, decoded by strata: one JSON object per fixture, each
    /// equal to the fixture's .json (Kubernetes' own output).
    @Test func everyFixtureThroughRealEtcd() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.upstream.path)
            .filter { $0.hasSuffix(".pb") }.map { String($0.dropLast(3)) }.sorted()
        #expect(names.count == 193)
        let etcd = try EtcdProcess.start()
        defer { etcd.stop() }
        for name in names {
            let pb = try Data(contentsOf: Self.upstream.appendingPathComponent(name + ".pb"))
            try etcd.etcdctl(["put", "/registry/fixtures/" + name], stdin: pb)
        }
        let dump = try etcd.etcdctl(["get", "--prefix", "/registry/fixtures/", "-w", "json"])
        let r = try Strata.run(["decode", "-o", "json"], stdin: dump, timeout: 120)
        #expect(r.status == 0, "\(r.stderr)")
        var expected = ""
        for name in names {
            expected += try String(contentsOf: Self.upstream.appendingPathComponent(name + ".json"), encoding: .utf8) + "\n"
        }
        #expect(r.stdout == expected)
    }
}
