import Foundation
import GoJSON
import Testing
@testable import KubeCodec

/// `protobufToValue` builds the tree directly; it must equal parsing `protobufToJSON`'s text,
/// for every kind and for damaged input alike.
@Suite struct ValueDecodeTests {
    static func viaText(_ raw: UnsafeRawBufferPointer) throws -> JSONValue {
        try JSONParser.parse(KubeDecoder().protobufToJSON(raw, pretty: false).json)
    }

    @Test(arguments: Fixtures.names)
    func directValueEqualsParsedText(name: String) throws {
        let pb = try Fixtures.data(name, "pb")
        let expected = try JSONParser.parse([UInt8](Fixtures.data(name, "json")))
        let value = try pb.withUnsafeBytes { try KubeDecoder().protobufToValue($0).value }
        #expect(value == expected, "\(name): the direct value differs from the fixture JSON")
    }

    @Test(arguments: Fixtures.names)
    func damagedInputGivesTheSameOutcome(name: String) throws {
        let pb = try Fixtures.data(name, "pb")
        var rng = SplitMix64(seed: UInt64(pb.count) &* 17 &+ 5)
        var inputs: [[UInt8]] = stride(from: 0, to: pb.count, by: max(1, pb.count / 40)).map { [UInt8](pb.prefix($0)) }
        for _ in 0..<30 {
            var damaged = [UInt8](pb)
            for _ in 0..<Int(rng.next() % 3 + 1) {
                let i = Int(rng.next() % UInt64(damaged.count))
                damaged[i] ^= UInt8(1 << (rng.next() % 8))
            }
            inputs.append(damaged)
        }
        for input in inputs {
            input.withUnsafeBytes { raw in
                let text = try? Self.viaText(raw)
                let direct = try? KubeDecoder().protobufToValue(raw).value
                #expect(text == direct, "\(name): a damaged value decodes differently through text and directly")
            }
        }
    }

    /// Strings that Go escapes (HTML characters, U+2028, control characters, non-ASCII) and
    /// bytes that are not UTF-8 (each becomes U+FFFD) come out as the text path gives them.
    @Test func escapedAndInvalidStringsMatchTheTextPath() throws {
        let object = try JSONParser.parse(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"<b>&\u2028\u0001é","b":"PLAIN-VALUE"}}"#)
        var stored = try KubeEncoder().encodeForStorage(object, options: .init(prepareForStorage: true)).bytes
        let plain = Array("PLAIN-VALUE".utf8)
        let at = try #require((0...(stored.count - plain.count)).first { stored[$0..<($0 + plain.count)].elementsEqual(plain) })
        stored[at + 2] = 0xFF
        stored[at + 3] = 0xC3
        let direct = try stored.withUnsafeBytes { try KubeDecoder().protobufToValue($0).value }
        let text = try stored.withUnsafeBytes { try Self.viaText($0) }
        #expect(direct == text)
        #expect(direct["data"]?["a"]?.stringValue == "<b>&\u{2028}\u{0001}é")
        #expect(direct["data"]?["b"]?.stringValue == "PL\u{FFFD}\u{FFFD}N-VALUE")
    }
}
