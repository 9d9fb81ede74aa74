import GoJSON

/// Deterministic pseudo-random numbers (SplitMix64) so every run builds the same corpus.
struct SeededRandom {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

/// Strings, keys and numbers chosen to hit every branch of go-yaml's style choice, folding,
/// escaping and key order, built into JSON documents at several nesting depths.
enum TortureCorpus {
    static let specialStrings: [String] = [
        "", " ", "  ", "a", "0", "1e3", "0x1F", "0X1f", "257e8454", "1_000", "0o17", "0b101", "0b-1", "-0b11", "08", "0_8",
        "1:20", "-1:20:30.5", "190:20:30", "1:60", ".5", "+1", "-1", "+", "-", ".", "-.inf", ".inf", ".Inf", ".NaN", ".nan", "+.INF",
        "yes", "Yes", "YES", "yEs", "y", "Y", "n", "N", "no", "on", "On", "ON", "off", "Off", "OFF", "true", "True", "TRUE", "tRue",
        "false", "False", "~", "null", "Null", "NULL", "nULL", "<<", "=", "1.", "1.e5", "1e", "e5", "0.1", "-0", "-0.0", "00",
        "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616", "-9223372036854775808",
        "-9223372036854775809", "1e309", "1e-400", ".5_0", "._5", "1__0", "_1", "1_", "0x_1F", "0x1FFFFFFFFFFFFFFFFFF",
        "2008-01-01T01:01:01Z", "2008-01-01", "2008-1-1", "2008-02-30", "2008-02-29", "2007-02-29", "2008-13-01",
        "2008-01-01 01:01:01", "2008-01-01t01:01:01.123456789+05:30", "2008-01-01T1:2:3,5-07:00", "2008-01-01T25:00:00Z",
        "2008-01-01T01:01:01", "2008-01-01T01:01:01.1234567891Z", "12008-01-01", "2008-01-01x",
        "a: b", "a:b", "a :b", ":a", ": a", "a:", "a #b", "a#b", "#a", "- a", "-a", "--a", "---", "--- a", "...", "... a",
        "? a", "?a", "a?", ",a", "a,b", "[a]", "a[0]", "{a}", "a{b}", "&a", "*a", "!a", "|a", ">a", "'a", "a'b", "\"a", "a\"b",
        "%a", "@a", "`a", "a`", "a\\b", "\\", "a\tb", "\ta", "a\t", " a", "a ", " a ", "a  b", "a \u{1}b", "\u{0}", "\u{7}\u{8}\u{B}\u{C}\u{1B}",
        "caf\u{E9}", "\u{65E5}\u{672C}", "\u{1F600}", "a\u{1F600}b", "\u{2028}", "a\u{2028}b", "a\u{2029}b", "a\u{85}b", "\u{85}",
        "\u{FEFF}x", "a\u{FEFF}b", "\u{A0}", "a\u{A0}b", "\u{FFFD}", "\u{E000}", "\u{D7FF}", "\u{10FFFF}", "a\rb", "\r", "a\r\nb",
        "a\nb", "a\n", "a\n\n", "\n", "\n\n", "\na", " a\nb", "a\n b", "a \nb", "a\n\nb\n", "a\n\n\n", "\ta\nb", "a\u{85}\nb",
        "a\n\u{2028}b", "'\n'", "#\n", "x\n  y\n", "- a\n- b\n", "a\r\n", "line one\nline two that is long enough",
        "sha256:ab12", "http://example.com/a?b=c#d", "10.0.0.1:8080", "kubernetes.io/hostname", "a=b,c=d", "${VAR}", "a|b",
        "{{ .Values.x }}", "@@", "!!str", "<b>&amp;</b>", "a/b", "a_b", "a~b", "a-b", "a.b", "A", "_x", "~x",
    ]

    static let keyPool: [String] = [
        "a", "A", "b", "B", "a9", "a10", "a09", "a009", "a0", "a00", "a1", "a01", "a001", "a10b", "a9b", "a9a", "a_b", "a~b", "a-b",
        "a/b", "a.b", "a b", "_x", "~x", "-x", "x", "X", "xx", "x1", "x01", "1", "01", "001", "10", "2", "02", "0", "00", "9",
        "99", "100", "1a", "1A", "01a", "z", "Z", "\u{E9}", "e", "f", "\u{65E5}", "\u{1F600}", "\u{0661}", "a\u{0661}", "a\u{0662}",
        "ab", "aB", "Ab", "AB", "abc", "abd", "ab1", "ab10", "ab2", "apiVersion", "kind", "metadata", "spec", "status",
        "app.kubernetes.io/name", "app.kubernetes.io/instance", "k8s-app", "component", "tier", "", " ", "yes", "no", "true",
        "null", "~", "1.5", "1e3", "0x10", "-1", "?", ":", "- a", "a: b", "#c", "a #c", "'q'", "\"q\"", "a\tb", "a\nb",
        "\u{2028}", "a\u{85}b", "x y", "x  y",
    ]

    static let numbers: [String] = [
        "0", "-0", "1", "-1", "42", "1.0", "100.0", "0.1", "-0.0", "1e21", "1e20", "1.5e-7", "1.5e-07", "1e308", "1e309", "1e-400",
        "5e-324", "1.7976931348623157e308", "123456789", "123456.789", "1234567.0", "0.0001", "0.00001", "1e6", "999999",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
        "18446744073709551616", "99999999999999999999999", "3.14159", "2.5E+10", "1E2", "-1.5e-300", "0.30000000000000004",
    ]

    static let words = ["a", "go", "pod", "the", "container", "kubernetes", "x", "is", "LimitRanger", "request", "of", "cpu",
                        "memory", "caf\u{E9}", "\u{65E5}\u{672C}\u{8A9E}", "1", "2024-01-01", "a:b", "x#y", "'q'", "\"d\"",
                        "abcdefghijklmnopqrstuvwxyz0123456789", "-", "#", ":", "\u{1F600}"]

    /// A long text of words joined by one or more spaces (sometimes none), 30–300 characters.
    static func longString(_ r: inout SeededRandom) -> String {
        let target = 30 + r.below(271)
        var s = ""
        let quoteMaker = r.below(6)
        while s.unicodeScalars.count < target {
            if !s.isEmpty {
                let gap = r.chance(80) ? 1 : (r.chance(50) ? 2 : 3)
                s += r.chance(5) ? "" : String(repeating: " ", count: gap)
            }
            s += r.pick(words)
        }
        switch quoteMaker {
        case 0: return ": " + s            // single-quoted
        case 1: return s + "\u{1}"          // double-quoted with an escape
        case 2: return s.replacingOccurrences(of: "a", with: "\n", options: [], range: nil)  // literal
        case 3: return "0" + String(repeating: "1", count: r.below(3)) + " " + s
        default: return s
        }
    }

    static func randomString(_ r: inout SeededRandom) -> String {
        switch r.below(10) {
        case 0...3: return r.pick(specialStrings)
        case 4...6: return longString(&r)
        case 7: return r.pick(specialStrings) + r.pick(specialStrings)
        case 8: return String(repeating: r.pick(["ab ", "a", " ", "x\n", "\u{E9}"]), count: 1 + r.below(60))
        default:
            var s = ""
            for _ in 0..<(1 + r.below(6)) { s += r.pick(words) + r.pick([" ", "  ", "", "\n", ": ", " #", "\t"]) }
            return s
        }
    }

    static func randomKey(_ r: inout SeededRandom) -> String {
        switch r.below(10) {
        case 0: return longString(&r)
        case 1: return r.pick(specialStrings)
        default: return r.pick(keyPool)
        }
    }

    static func randomValue(_ r: inout SeededRandom, depth: Int) -> JSONValue {
        let roll = r.below(depth >= 5 ? 6 : 10)
        switch roll {
        case 0, 1, 2: return .string(randomString(&r))
        case 3: return .number(r.pick(numbers))
        case 4: return r.pick([.null, .bool(true), .bool(false), .object([]), .array([])])
        case 5: return .string(longString(&r))
        case 6, 7:
            var members: [JSONMember] = []
            for _ in 0..<(1 + r.below(6)) { members.append(JSONMember(randomKey(&r), randomValue(&r, depth: depth + 1))) }
            return .object(members)
        default:
            var items: [JSONValue] = []
            for _ in 0..<(1 + r.below(4)) { items.append(randomValue(&r, depth: depth + 1)) }
            return .array(items)
        }
    }

    /// Documents: every special string in value, key and sequence position, every key pair for
    /// ordering, every number, then random nested documents.
    static func documents(seed: UInt64 = 20261123, randomCount: Int = 3000) -> [JSONValue] {
        var docs: [JSONValue] = []
        for s in specialStrings {
            docs.append(.object([JSONMember("v", .string(s)), JSONMember(s, .string("k")),
                                 JSONMember("seq", .array([.string(s), .array([.string(s)]), .object([JSONMember(s, .string(s))])]))]))
            docs.append(.string(s))
        }
        docs.append(.object(keyPool.map { JSONMember($0, .string($0)) }))
        docs.append(.object(keyPool.reversed().map { JSONMember($0, .number("1")) }))
        docs.append(.array(numbers.map { .number($0) }))
        docs.append(.object(numbers.map { JSONMember($0, .number($0)) }))
        for n in numbers { docs.append(.number(n)) }
        docs.append(.object([JSONMember("dup", .string("first")), JSONMember("a", .null), JSONMember("dup", .string("last"))]))
        var r = SeededRandom(state: seed)
        for depth in 0..<6 {
            for _ in 0..<10 {
                var value: JSONValue = .string(longString(&r))
                for _ in 0..<depth {
                    value = r.chance(50) ? .object([JSONMember(randomKey(&r), value)]) : .array([value])
                }
                docs.append(value)
            }
        }
        for _ in 0..<randomCount { docs.append(randomValue(&r, depth: 0)) }
        return docs
    }
}
