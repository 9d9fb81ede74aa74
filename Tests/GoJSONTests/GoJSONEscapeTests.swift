import Foundation
import Testing
@testable import GoJSON

@Suite struct GoJSONEscapeTests {
    static func escaped(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        bytes.withUnsafeBufferPointer { appendGoJSONString($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The escape corpus: every byte alone, every pair of bytes, known-bad UTF-8 shapes, random
    /// byte soup biased towards UTF-8 lead/continuation bytes, random valid Unicode text.
    static func corpus() -> [[UInt8]] {
        var corpus: [[UInt8]] = [[]]
        for b in 0...255 { corpus.append([UInt8(b)]) }
        for a in 0...255 { for b in 0...255 { corpus.append([UInt8(a), UInt8(b)]) } }
        let shapes: [[UInt8]] = [
            [0xC0, 0x80], [0xC1, 0xBF], [0xC2], [0xC2, 0x41], [0xDF, 0xBF],
            [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xE0, 0xA0, 0x80], [0xE2, 0x82], [0xE2, 0x82, 0x41],
            [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xEF, 0xBF, 0xBD], [0xEF, 0xBF, 0xBF],
            [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9], [0xE2, 0x80, 0xAA], [0x61, 0xE2, 0x80, 0xA8, 0x62],
            [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x98, 0x80],
            [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
            [0xFE], [0xFF], [0xF0, 0x9F, 0x98], [0xF0, 0x9F], Array("<a href=\"x&y\">\\</a>".utf8),
        ]
        corpus.append(contentsOf: shapes)
        // One byte of interest at every position of a 40-byte clean run: exercises the
        // eight-bytes-at-a-time path and its hand-over to the byte loop at every alignment.
        let clean = Array("abcdefghijklmnopqrstuvwxyz0123456789ABCD".utf8)
        for special: [UInt8] in [[0x00], [0x1F], [0x22], [0x26], [0x3C], [0x3E], [0x5C], [0x7F], [0x80], [0xFF],
                                 [0xC3, 0xA9], [0xE2, 0x80, 0xA8], [0xF0, 0x9F, 0x98, 0x80], [0xE2, 0x82]] {
            for position in 0...clean.count {
                corpus.append(Array(clean[..<position]) + special + Array(clean[position...]))
            }
        }
        var rng = SplitMix64(seed: 0x6A50_4E45)
        let interesting: [UInt8] = [0x00, 0x08, 0x0C, 0x1F, 0x20, 0x22, 0x26, 0x3C, 0x3E, 0x5C, 0x7F, 0x80, 0xBF,
                                    0xC2, 0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xFF]
        for _ in 0..<10_000 {
            let length = Int.random(in: 0...40, using: &rng)
            var s: [UInt8] = []
            for _ in 0..<length {
                s.append(Bool.random(using: &rng) ? interesting.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng))
            }
            corpus.append(s)
        }
        for _ in 0..<5_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...20, using: &rng) {
                let ranges: [ClosedRange<UInt32>] = [0...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x10000...0x10FFFF, 0x2026...0x202A]
                let range = ranges.randomElement(using: &rng)!
                if let scalar = Unicode.Scalar(UInt32.random(in: range, using: &rng)) { text.unicodeScalars.append(scalar) }
            }
            corpus.append(Array(text.utf8))
        }
        return corpus
    }

    @Test func matchesGoEncodingJSONOnCorpus() throws {
        let corpus = Self.corpus()
        var input = Data()
        for s in corpus {
            withUnsafeBytes(of: UInt32(s.count).littleEndian) { input.append(contentsOf: $0) }
            input.append(contentsOf: s)
        }
        let expected = try GoOracle.run("escape", input: input).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        try #require(expected.count == corpus.count + 1)  // trailing newline leaves one empty piece
        var mismatches = 0
        for (index, s) in corpus.enumerated() {
            let ours = Self.escaped(s)
            let theirs = String(decoding: expected[index], as: UTF8.self)
            if ours != theirs {
                mismatches += 1
                if mismatches <= 10 { Issue.record("bytes \(s): ours \(ours) go \(theirs)") }
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(corpus.count) strings differ from Go")
    }

    /// Go 1.19 (the installed oracle) still writes \u0008 and \u000c; Kubernetes built with
    /// Go >= 1.22 writes the short forms, which is what we must match.
    @Test func backspaceAndFormFeedUseGo122ShortEscapes() {
        #expect(Self.escaped([0x08]) == #""\b""#)
        #expect(Self.escaped([0x0C]) == #""\f""#)
        #expect(Self.escaped([0x61, 0x08, 0x0C, 0x62]) == #""a\b\fb""#)
    }

    @Test func safeSetMatchesGoRules() {
        for b in 0..<128 {
            let safe = b >= 0x20 && ![0x22, 0x26, 0x3C, 0x3E, 0x5C].contains(b)
            let bit = b < 64 ? (goJSONSafeLow >> UInt64(b)) & 1 : (goJSONSafeHigh >> UInt64(b - 64)) & 1
            #expect((bit == 1) == safe, "byte \(b)")
        }
    }

    /// The writers' fast path: the plain prefix must end exactly at the first byte the escaper
    /// would change, whether it falls in the 8-byte word loop or the byte loop.
    @Test func plainPrefixStopsAtFirstByteNeedingEscape() {
        for b in 0..<256 {
            for position in [0, 3, 7, 8, 12, 17] {
                var bytes = [UInt8](repeating: 0x61, count: 20)
                bytes[position] = UInt8(b)
                let n = bytes.withUnsafeBufferPointer { goJSONPlainPrefixLength($0) }
                let safe = b < 128 && isGoJSONSafeASCII(UInt8(b))
                #expect(n == (safe ? 20 : position), "byte \(b) at \(position)")
            }
        }
        for b in 0..<128 {
            let bit = b < 64 ? (goJSONSafeLow >> UInt64(b)) & 1 : (goJSONSafeHigh >> UInt64(b - 64)) & 1
            #expect(isGoJSONSafeASCII(UInt8(b)) == (bit == 1), "byte \(b)")
        }
        #expect([UInt8]().withUnsafeBufferPointer { goJSONPlainPrefixLength($0) } == 0)
    }

    @Test func htmlAndSeparatorsAreEscaped() {
        #expect(goJSONQuoted("<>&") == #""\u003c\u003e\u0026""#)
        #expect(goJSONQuoted("\u{2028}\u{2029}") == #""\u2028\u2029""#)
        #expect(goJSONQuoted("\u{7F}é") == "\"\u{7F}é\"")
        #expect(Self.escaped([0x01, 0x1F]) == #""\u0001\u001f""#)
        #expect(Self.escaped([0xE2, 0x82, 0x41]) == #""\ufffd\ufffdA""#)
    }
}
