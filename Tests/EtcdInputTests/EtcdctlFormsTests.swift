import EtcdModel
import EtcdTestSupport
import Foundation
import GoJSON
import Testing
@testable import EtcdInput

/// Puts Kubernetes-shaped values into a real etcd, prints them with the real etcdctl in every
/// form, and checks the reader gets back exactly what was put.
@Suite(.serialized) struct EtcdctlFormsTests {
    static let fixtureDirectory = "/work/shared/fixtures/kubernetes-api/HEAD/"
    static let fixtureNames = [
        "core.v1.Pod.pb", "apps.v1.StatefulSet.pb", "batch.v1beta1.CronJob.pb", "core.v1.ConfigMap.pb",
        "storage.k8s.io.v1.CSINode.pb", "certificates.k8s.io.v1.PodCertificateRequest.pb", "apps.v1.Deployment.pb",
    ]

    struct Expected {
        var key: [UInt8]
        var value: [UInt8]
        var revision: Int64
    }

    /// What we put, in etcd's key order (byte order), with the revision of each put.
    static func populate(_ etcd: EtcdProcess) throws -> [Expected] {
        var values: [(String, [UInt8])] = []
        for (index, name) in fixtureNames.enumerated() {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixtureDirectory + name)))
            #expect(bytes.contains(0x0A), "\(name) should exercise newlines inside a value")
            values.append(("/registry/things/ns\(index)/\(name)", bytes))
        }
        values.append(("/registry/crd/json-with-newline", Array("{\"kind\":\"Widget\",\"spec\":{\"text\":\"a}\\\"b\\n\"}}\n".utf8)))
        values.append(("/registry/crd/json-without-newline", Array("{\"kind\":\"Widget\",\"items\":[1,{\"x\":[]}]}".utf8)))
        values.append(("/registry/opaque/encrypted", Array("k8s:enc:aescbc:v1:key1:".utf8) + [0x00, 0x0A, 0xFF, 0x0A, 0x0A, 0x41, 0x0A, 0x2F, 0x78]))
        values.append(("/registry/opaque/text", Array("line one\nline two\n".utf8)))
        values.append(("/registry/opaque/empty-looking", Array(" ".utf8)))
        values.append(("compact_rev_key", Array("12".utf8)))
        var expected: [Expected] = []
        for (key, value) in values {
            let response = try etcd.etcdctl(["put", key, "-w", "json"], stdin: Data(value))
            let revision = try JSONParser.parse([UInt8](response))["header"]?["revision"]
            guard case .number(let text)? = revision, let number = Int64(text) else {
                throw EtcdInputError(offset: 0, message: "no revision in put response")
            }
            expected.append(Expected(key: Array(key.utf8), value: value, revision: number))
        }
        return expected.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }

    static func read(_ data: Data, form: EtcdInputForm?, chunkSize: Int) throws -> (EtcdInputForm, [KeyValue]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("etcdinput-\(UUID().uuidString)").path
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = try EtcdInputReader(path: path, form: form, chunkSize: chunkSize)
        return (reader.form, try reader.readAll())
    }

    static func check(_ kvs: [KeyValue], _ expected: [Expected], keys: Bool, revisions: Bool, label: String) {
        #expect(kvs.count == expected.count, "\(label): \(kvs.count) records instead of \(expected.count)")
        for (kv, want) in zip(kvs, expected) {
            #expect(kv.value == want.value, "\(label): value of \(String(decoding: want.key, as: UTF8.self))")
            if keys { #expect(kv.key == want.key, "\(label): key \(kv.keyString)") } else { #expect(kv.key.isEmpty) }
            if revisions {
                #expect(kv.modRevision == want.revision && kv.createRevision == want.revision && kv.version == 1, "\(label): revisions of \(kv.keyString)")
            }
        }
    }

    @Test func everyEtcdctlFormReadsBackWhatWasPut() throws {
        let etcd = try EtcdProcess.start(name: "etcdinput")
        defer { etcd.stop() }
        let expected = try Self.populate(etcd)
        let all = ["get", "", "--from-key"]
        let simple = try etcd.etcdctl(all)
        let hex = try etcd.etcdctl(all + ["--hex"])
        let json = try etcd.etcdctl(all + ["-w", "json"])
        let protobuf = try etcd.etcdctl(all + ["-w", "protobuf"])
        let valuesOnly = try etcd.etcdctl(all + ["--print-value-only"])
        let keysOnly = try etcd.etcdctl(all + ["--keys-only"])
        let fields = try etcd.etcdctl(all + ["-w", "fields"])
        // The uint64 ids must survive (etcd's are above 2^53 almost always).
        let header = try JSONParser.parse([UInt8](json))["header"]
        guard case .number(let clusterID)? = header?["cluster_id"] else {
            Issue.record("no cluster_id")
            return
        }
        #expect(UInt64(clusterID) != nil)

        for chunkSize in [1 << 16, 7] {
            let label = "chunk \(chunkSize)"
            var (form, kvs) = try Self.read(simple, form: nil, chunkSize: chunkSize)
            #expect(form == .simple)
            Self.check(kvs, expected, keys: true, revisions: false, label: "simple " + label)
            (form, kvs) = try Self.read(hex, form: nil, chunkSize: chunkSize)
            #expect(form == .hex)
            Self.check(kvs, expected, keys: true, revisions: false, label: "hex " + label)
            (form, kvs) = try Self.read(json, form: nil, chunkSize: chunkSize)
            #expect(form == .json)
            Self.check(kvs, expected, keys: true, revisions: true, label: "json " + label)
            (form, kvs) = try Self.read(protobuf, form: nil, chunkSize: chunkSize)
            #expect(form == .protobuf)
            Self.check(kvs, expected, keys: true, revisions: true, label: "protobuf " + label)
            (form, kvs) = try Self.read(fields, form: nil, chunkSize: chunkSize)
            #expect(form == .fields)
            Self.check(kvs, expected, keys: true, revisions: true, label: "fields " + label)
            (form, kvs) = try Self.read(keysOnly, form: .simple, chunkSize: chunkSize)
            #expect(kvs.map(\.key) == expected.map(\.key), "keys-only \(label)")
            #expect(kvs.allSatisfy { $0.value.isEmpty })
        }

        // Several responses back to back, as from a loop of etcdctl calls.
        let twiceJSON = try Self.read(json + json, form: nil, chunkSize: 13).1
        Self.check(twiceJSON, expected + expected, keys: true, revisions: true, label: "json twice")
        let twiceProtobuf = try Self.read(protobuf + protobuf, form: nil, chunkSize: 13).1
        Self.check(twiceProtobuf, expected + expected, keys: true, revisions: true, label: "protobuf twice")

        // --print-value-only with many values: only self-delimiting values can be split, and an
        // opaque value swallows the rest, so check the Kubernetes-shaped prefix of the listing.
        let kubernetesShaped = expected.filter { $0.key.starts(with: Array("/registry/crd/".utf8)) || $0.key.starts(with: Array("/registry/things/".utf8)) }
        let shapedValues = try etcd.etcdctl(["get", "/registry/crd/", "--prefix", "--print-value-only"])
            + etcd.etcdctl(["get", "/registry/things/", "--prefix", "--print-value-only"])
        let (valueForm, values) = try Self.read(shapedValues, form: nil, chunkSize: 5)
        #expect(valueForm == .value)
        Self.check(values, kubernetesShaped, keys: false, revisions: false, label: "values only")
        // The whole listing: the two JSON values split; the next value (" ", opaque) has no
        // length and, without keys to anchor on, runs to the end.
        let everything = try Self.read(valuesOnly, form: .value, chunkSize: 64).1.map(\.value)
        let crd = expected.filter { $0.key.starts(with: Array("/registry/crd/".utf8)) }.map(\.value)
        let blank = expected.first { $0.key == Array("/registry/opaque/empty-looking".utf8) }?.value ?? []
        #expect(everything.count == crd.count + 1 && Array(everything.prefix(crd.count)) == crd,
                "\(everything.map { String(decoding: $0.prefix(80), as: UTF8.self) })")
        #expect(everything.last?.starts(with: blank + [0x0A, UInt8(ascii: "k")]) == true)

        // One key, value only, and a bare value file.
        for want in expected {
            let key = String(decoding: want.key, as: UTF8.self)
            let single = try etcd.etcdctl(["get", key, "--print-value-only"])
            let (form, kvs) = try Self.read(single, form: .value, chunkSize: 3)
            #expect(kvs.map(\.value) == [want.value], "value-only \(key)")
            _ = form
            let (rawForm, raw) = try Self.read(Data(want.value), form: .raw, chunkSize: 3)
            #expect(rawForm == .raw && raw.map(\.value) == [want.value])
            let oneSimple = try etcd.etcdctl(["get", key])
            #expect(try Self.read(oneSimple, form: nil, chunkSize: 2).1.map(\.value) == [want.value], "simple \(key)")
        }
    }
}
