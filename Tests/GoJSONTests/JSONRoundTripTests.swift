import Foundation
import Testing
@testable import GoJSON

@Suite struct JSONRoundTripTests {
    static let fixtureDirectory = "/work/shared/fixtures/kubernetes-api/HEAD"

    /// Random JSON text with the awkward parts: every escape form, surrogate pairs and lone
    /// surrogates, raw invalid UTF-8 inside strings, number spellings, random whitespace.
    struct DocumentGenerator {
        var rng: SplitMix64

        mutating func whitespace() -> [UInt8] {
            let choices: [[UInt8]] = [[], [], [0x20], [0x0A], [0x09, 0x20], [0x0D, 0x0A]]
            return choices.randomElement(using: &rng)!
        }

        mutating func number() -> [UInt8] {
            let forms = ["0", "-0", "7", "-12", "1.5", "1e5", "1E+5", "-2.50e-3", "123456789012345678901234567890",
                         "18446744073709551615", "0.000001", "1.0"]
            return Array(forms.randomElement(using: &rng)!.utf8)
        }

        mutating func string() -> [UInt8] {
            var s: [UInt8] = [0x22]
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                switch Int.random(in: 0..<12, using: &rng) {
                case 0: s += Array(#"\"\\\/\b\f\n\r\t"#.utf8)
                case 1: s += Array(String(format: "\\u%04x", UInt32.random(in: 0...0xFFFF, using: &rng)).utf8)
                case 2: s += Array(String(format: "\\u%04X\\u%04x", UInt32.random(in: 0xD800...0xDBFF, using: &rng),
                                          UInt32.random(in: 0xDC00...0xDFFF, using: &rng)).utf8)
                case 3: s += Array(String(format: "\\u%04x", UInt32.random(in: 0xD800...0xDFFF, using: &rng)).utf8)
                case 4: s += Array(String(format: "\\ud83d\\u%04x", UInt32.random(in: 0...0xFFFF, using: &rng)).utf8)
                case 5: s += [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98]].randomElement(using: &rng)!
                case 6: s += Array("é€😀\u{2028}\u{7F}<&>".utf8)
                default: s += Array("kube-system/x".utf8.shuffled(using: &rng).prefix(Int.random(in: 1...6, using: &rng)))
                }
            }
            s.append(0x22)
            return s
        }

        mutating func value(depth: Int) -> [UInt8] {
            let kind = depth > 5 ? Int.random(in: 0..<4, using: &rng) : Int.random(in: 0..<7, using: &rng)
            switch kind {
            case 0: return number()
            case 1: return string()
            case 2: return Array(["true", "false", "null"].randomElement(using: &rng)!.utf8)
            case 3: return string()
            case 4, 5:
                var s: [UInt8] = [UInt8(ascii: "{")] + whitespace()
                let count = Int.random(in: 0...5, using: &rng)
                for i in 0..<count {
                    if i > 0 { s += [UInt8(ascii: ",")] + whitespace() }
                    s += string() + whitespace() + [UInt8(ascii: ":")] + whitespace() + value(depth: depth + 1) + whitespace()
                }
                return s + [UInt8(ascii: "}")]
            default:
                var s: [UInt8] = [UInt8(ascii: "[")] + whitespace()
                let count = Int.random(in: 0...5, using: &rng)
                for i in 0..<count {
                    if i > 0 { s += [UInt8(ascii: ",")] + whitespace() }
                    s += value(depth: depth + 1) + whitespace()
                }
                return s + [UInt8(ascii: "]")]
            }
        }
    }

    @Test func compactAndIndentedMatchGoOnRandomDocuments() throws {
        var generator = DocumentGenerator(rng: SplitMix64(seed: 0xD0C5))
        var stream: [UInt8] = []
        let documentCount = 3_000
        for _ in 0..<documentCount {
            stream += generator.value(depth: 0) + [0x0A]
        }
        let expected = try GoOracle.run("canon", input: Data(stream)).split(separator: 0, omittingEmptySubsequences: false)
        try #require(expected.count == 2 * documentCount + 1)
        let values = try stream.withUnsafeBytes { try JSONParser.parseMany($0) }
        try #require(values.count == documentCount)
        var mismatches = 0
        for (index, value) in values.enumerated() {
            var compact: [UInt8] = []
            JSONWriter.compact(value, into: &compact)
            var indented: [UInt8] = []
            JSONWriter.indented(value, into: &indented)
            if compact != Array(expected[2 * index]) || indented != Array(expected[2 * index + 1]) {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("document \(index): ours \(String(decoding: compact, as: UTF8.self)) go \(String(decoding: expected[2 * index], as: UTF8.self))")
                }
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(documentCount) documents differ from Go")
    }

    @Test func everyHeadFixtureReindentsToItself() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fixtureDirectory).filter { $0.hasSuffix(".json") }.sorted()
        try #require(names.count > 150)
        for name in names {
            let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.fixtureDirectory + "/" + name)))
            let value = try original.withUnsafeBytes { try JSONParser.parse($0) }
            var indented: [UInt8] = []
            JSONWriter.indented(value, into: &indented)
            #expect(indented == original, "\(name) does not re-indent to itself")
        }
    }
}
