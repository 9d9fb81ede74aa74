import Foundation
import Testing
@testable import GoJSON

@Suite struct CBORDecoderTests {
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var iterator = hex.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            out.append(UInt8(String([high, low]), radix: 16)!)
        }
        return out
    }

    static func json(_ hex: String) throws -> String {
        JSONWriter.compactString(try CBORDecoder.decode(bytes(hex)))
    }

    /// RFC 8949 Appendix A: encoded item and the JSON of its diagnostic value (floats in Go's
    /// float64 JSON spelling, byte strings as Kubernetes shows Go strings).
    static let appendixA: [(String, String)] = [
        ("00", "0"), ("01", "1"), ("0a", "10"), ("17", "23"), ("1818", "24"), ("1819", "25"), ("1864", "100"),
        ("1903e8", "1000"), ("1a000f4240", "1000000"), ("1b000000e8d4a51000", "1000000000000"),
        ("1bffffffffffffffff", "18446744073709551615"), ("c249010000000000000000", "18446744073709551616"),
        ("3bffffffffffffffff", "-18446744073709551616"), ("c349010000000000000000", "-18446744073709551617"),
        ("20", "-1"), ("29", "-10"), ("3863", "-100"), ("3903e7", "-1000"),
        ("f90000", "0"), ("f98000", "-0"), ("f93c00", "1"), ("fb3ff199999999999a", "1.1"), ("f93e00", "1.5"),
        ("f97bff", "65504"), ("fa47c35000", "100000"), ("fa7f7fffff", "3.4028234663852886e+38"),
        ("fb7e37e43c8800759c", "1e+300"), ("f90001", "5.960464477539063e-8"), ("f90400", "0.00006103515625"),
        ("f9c400", "-4"), ("fbc010666666666666", "-4.1"),
        ("f4", "false"), ("f5", "true"), ("f6", "null"), ("f7", "null"),
        ("c074323031332d30332d32315432303a30343a30305a", "\"2013-03-21T20:04:00Z\""),
        ("c11a514b67b0", "1363896240"), ("c1fb41d452d9ec200000", "1363896240.5"),
        ("d74401020304", "\"01020304\""), ("d818456449455446", "\"dIETF\""),
        ("d82076687474703a2f2f7777772e6578616d706c652e636f6d", "\"http://www.example.com\""),
        ("40", "\"\""), ("4401020304", "\"\\u0001\\u0002\\u0003\\u0004\""),
        ("60", "\"\""), ("6161", "\"a\""), ("6449455446", "\"IETF\""), ("62225c", "\"\\\"\\\\\""),
        ("62c3bc", "\"ü\""), ("63e6b0b4", "\"水\""), ("64f0908591", "\"𐅑\""),
        ("80", "[]"), ("83010203", "[1,2,3]"), ("8301820203820405", "[1,[2,3],[4,5]]"),
        ("98190102030405060708090a0b0c0d0e0f101112131415161718181819",
         "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]"),
        ("a0", "{}"), ("a26161016162820203", "{\"a\":1,\"b\":[2,3]}"), ("826161a161626163", "[\"a\",{\"b\":\"c\"}]"),
        ("a56161614161626142616361436164614461656145", "{\"a\":\"A\",\"b\":\"B\",\"c\":\"C\",\"d\":\"D\",\"e\":\"E\"}"),
        ("5f42010243030405ff", "\"\\u0001\\u0002\\u0003\\u0004\\u0005\""), ("7f657374726561646d696e67ff", "\"streaming\""),
        ("9fff", "[]"), ("9f018202039f0405ffff", "[1,[2,3],[4,5]]"), ("9f01820203820405ff", "[1,[2,3],[4,5]]"),
        ("83018202039f0405ff", "[1,[2,3],[4,5]]"), ("83019f0203ff820405", "[1,[2,3],[4,5]]"),
        ("9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff",
         "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]"),
        ("bf61610161629f0203ffff", "{\"a\":1,\"b\":[2,3]}"), ("826161bf61626163ff", "[\"a\",{\"b\":\"c\"}]"),
        ("bf6346756ef563416d7421ff", "{\"Fun\":true,\"Amt\":-2}"),
    ]

    @Test func rfc8949AppendixA() throws {
        for (hex, expected) in Self.appendixA {
            #expect(try Self.json(hex) == expected, "\(hex)")
        }
    }

    /// Kubernetes' own shapes: self-described tag, byte-string keys and values, tag 22 []byte.
    @Test func kubernetesConventions() throws {
        // 55799({ h'6b696e64': h'506f64', h'64617461': 22(h'00ff') })
        #expect(try Self.json("d9d9f7a2446b696e6443506f6444646174" + "61d6" + "4200ff") == #"{"kind":"Pod","data":"AP8="}"#)
        #expect(try Self.json("d54300ff01") == #""AP8B""#)  // tag 21: base64url, no padding
        #expect(try Self.json("d6824100a14161420102") == #"["AA==",{"a":"AQI="}]"#)  // tag applies to nested byte strings
        // Invalid UTF-8 in a Go string: one U+FFFD per byte, as Go's JSON writer substitutes. (Go
        // prints these as `\ufffd` escapes; JSONValue holds a Swift String and cannot tell them
        // from a literal U+FFFD, so the writer prints the character itself.)
        #expect(try CBORDecoder.decode(Self.bytes("42e282")) == .string("\u{FFFD}\u{FFFD}"))
        let base64 = try CBORDecoder.decode(Self.bytes("4300ff01"), options: CBORDecodeOptions(untaggedByteStrings: .base64))
        #expect(base64 == .string("AP8B"))
        #expect(Self.bytes("d9d9f7a0").withUnsafeBytes { CBORDecoder.hasSelfDescribedPrefix($0) })
        #expect(Self.bytes("d9d9").withUnsafeBytes { CBORDecoder.hasSelfDescribedPrefix($0) } == false)
    }

    @Test func errorsNotCrashes() {
        let bad: [(String, String)] = [
            ("", "truncated"), ("18", "truncated"), ("1b0000", "truncated"), ("62c3", "truncated"),
            ("9b7fffffffffffffff", "huge array"), ("bb7fffffffffffffff", "huge map"), ("5b7fffffffffffffff", "huge bytes"),
            ("9f01", "unterminated array"), ("5f4101", "unterminated bytes"), ("5f6161ff", "text chunk in bytes"),
            ("ff", "stray break"), ("1c", "reserved info"), ("1f", "indefinite uint"), ("df", "indefinite tag"),
            ("62c328", "invalid UTF-8 text"), ("a10102", "integer key"), ("f97c00", "infinity"), ("f97e00", "NaN"),
            ("fa7fc00000", "NaN32"), ("f0", "simple 16"), ("f8ff", "simple 255"), ("0001", "trailing data"),
            ("c2", "bignum without content"), ("c201", "bignum of an integer"), ("a1", "map truncated"),
        ]
        for (hex, why) in bad {
            #expect(throws: CBORDecodeError.self, "\(why): \(hex)") { try CBORDecoder.decode(Self.bytes(hex)) }
        }
        let deep = [UInt8](repeating: 0x81, count: 100_000) + [0x01]
        #expect(throws: CBORDecodeError.self) { try CBORDecoder.decode(deep) }
        let deepTags = [UInt8](repeating: 0xC6, count: 100_000) + [0x01]
        #expect(throws: CBORDecodeError.self) { try CBORDecoder.decode(deepTags) }
    }

    /// Documents encoded by Python's cbor2 (see oracle/cbor_vectors.py), compared with the JSON
    /// Python derived for them; numbers compare by value since Python spells floats differently.
    @Test func cbor2RandomDocuments() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("vectors/cbor2-random.tsv")
        let lines = try String(contentsOf: path, encoding: .utf8).split(separator: "\n")
        try #require(lines.count == 2000)
        var mismatches = 0
        for (index, line) in lines.enumerated() {
            // Even lines were written with cbor2's canonical=True, which sorts map keys.
            let keysSorted = index % 2 == 0
            let parts = line.split(separator: "\t", maxSplits: 1)
            try #require(parts.count == 2)
            let ours = try CBORDecoder.decode(Self.bytes(String(parts[0])))
            let expected = try JSONParser.parse(String(parts[1]))
            if !Self.sameValue(ours, expected, ignoringKeyOrder: keysSorted) {
                mismatches += 1
                if mismatches <= 5 { Issue.record("\(parts[0]): ours \(JSONWriter.compactString(ours)) expected \(parts[1])") }
            }
        }
        #expect(mismatches == 0)
    }

    static func sameValue(_ a: JSONValue, _ b: JSONValue, ignoringKeyOrder: Bool) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            if x == y { return true }
            let isFloat = { (s: String) in s.contains(where: { ".eE".contains($0) }) }
            guard isFloat(x) || isFloat(y), let dx = Double(x), let dy = Double(y) else { return false }
            // Ours must be Go's spelling of the same double.
            return dx == dy && dx.sign == dy.sign && x == goFormatFloat64(dy)
        case (.array(let xs), .array(let ys)):
            return xs.count == ys.count && zip(xs, ys).allSatisfy { sameValue($0, $1, ignoringKeyOrder: ignoringKeyOrder) }
        case (.object(var xs), .object(var ys)):
            if ignoringKeyOrder {
                xs.sort { $0.key < $1.key }
                ys.sort { $0.key < $1.key }
            }
            return xs.count == ys.count
                && zip(xs, ys).allSatisfy { $0.key == $1.key && sameValue($0.value, $1.value, ignoringKeyOrder: ignoringKeyOrder) }
        default:
            return a == b
        }
    }
}
