import Foundation
import GoJSON
import Testing
@testable import KubeCodec

/// Stored forms other than protobuf: JSON (APIServices, CRDs, custom resources), CBOR, text and
/// encrypted values, as the record printer sees them.
@Suite struct StoredFormTests {
    let renderer = ValueRenderer()

    func render(_ bytes: [UInt8], _ format: ValueRenderer.Format) throws -> ValueRenderer.Output {
        try bytes.withUnsafeBytes { try renderer.render($0, as: format) }
    }

    @Test func customResourceJSONPrintsSortedYAML() throws {
        let value = Array(#"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"default"},"spec":{"size":3,"b":true,"a":"x"}}"#.utf8) + [0x0A]
        let yaml = try render(value, .yaml)
        #expect(String(decoding: yaml.bytes, as: UTF8.self) == """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: w
          namespace: default
        spec:
          a: x
          b: true
          size: 3

        """)
        // JSON keeps the stored order (it already is what the apiserver wrote).
        let json = try render(value, .jsonl)
        #expect(String(decoding: json.bytes, as: UTF8.self) == #"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"default"},"spec":{"size":3,"b":true,"a":"x"}}"#)
    }

    @Test func cborCustomResource() throws {
        // d9d9f7 self-described tag, then a map of 3 text-string keys (RFC 8949 encoding by hand).
        func text(_ s: String) -> [UInt8] { [0x60 | UInt8(s.utf8.count)] + Array(s.utf8) }
        var value: [UInt8] = [0xD9, 0xD9, 0xF7, 0xA3]
        value += text("kind") + text("Widget")
        value += text("apiVersion") + text("example.com/v1")
        value += text("spec") + [0xA1] + text("replicas") + [0x02]
        let json = try render(value, .jsonl)
        #expect(String(decoding: json.bytes, as: UTF8.self) == #"{"apiVersion":"example.com/v1","kind":"Widget","spec":{"replicas":2}}"#)
    }

    @Test func plainTextValues() throws {
        let out = try render(Array("15".utf8), .yaml)
        #expect(out.isText)
        #expect(String(decoding: out.bytes, as: UTF8.self) == "\"15\"\n")
    }

    @Test func encryptedValuesNameProviderAndKey() throws {
        for (prefix, provider, key) in [("k8s:enc:aescbc:v1:key1:", "aescbc", "key1"), ("k8s:enc:kms:v2:vault:", "kms", "vault"),
                                        ("k8s:enc:secretbox:v1:sb:", "secretbox", "sb")] {
            #expect(throws: CodecError.self) { try render(Array(prefix.utf8) + [1, 2, 3], .yaml) }
            do { _ = try render(Array(prefix.utf8) + [1, 2, 3], .yaml) } catch let e as CodecError {
                #expect(e.kind == .encrypted && e.message.contains(provider) && e.message.contains(key), "\(e.message)")
            }
        }
    }

    @Test func apiServiceIsStoredAsTypedJSON() throws {
        let object = try JSONParser.parse(#"{"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService","metadata":{"name":"v1.apps","resourceVersion":"9"},"spec":{"group":"apps","version":"v1","groupPriorityMinimum":17800,"versionPriority":15}}"#)
        let (bytes, warnings) = try KubeEncoder().encodeForStorage(object, options: .init(prepareForStorage: true))
        #expect(warnings.isEmpty)
        // Go struct order, resourceVersion cleared, zero-value structs as Go prints them, newline-terminated.
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"kind":"APIService","apiVersion":"apiregistration.k8s.io/v1","metadata":{"name":"v1.apps"},"spec":{"group":"apps","version":"v1","groupPriorityMinimum":17800,"versionPriority":15},"status":{}}"# + "\n")
    }
}
