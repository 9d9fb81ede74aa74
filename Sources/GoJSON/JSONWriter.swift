/// Writes `JSONValue` the way Go's `encoding/json` prints the same value: `json.Marshal` for
/// `compact` and `json.MarshalIndent(v, "", indent)` for `indented`. Members keep their order
/// (sorting map keys is the caller's business) and numbers are written as their literal text.
public enum JSONWriter {
    public static func compact(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: appendLiteral("null", to: &out)
        case .bool(let b): appendLiteral(b ? "true" : "false", to: &out)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let s): appendGoJSONString(s, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                compact(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendGoJSONString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                compact(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    public static func indented(_ value: JSONValue, indent: String = "  ", into out: inout [UInt8]) {
        let unit = Array(indent.utf8)
        writeIndented(value, unit: unit, level: 0, into: &out)
    }

    /// Convenience: the compact text as a String.
    public static func compactString(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        compact(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Convenience: the indented text as a String (no trailing newline, like MarshalIndent).
    public static func indentedString(_ value: JSONValue, indent: String = "  ") -> String {
        var out: [UInt8] = []
        indented(value, indent: indent, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func writeIndented(_ value: JSONValue, unit: [UInt8], level: Int, into out: inout [UInt8]) {
        switch value {
        case .array(let elements):
            // Go's Indent leaves empty containers on one line: `[]`, `{}`.
            if elements.isEmpty {
                appendLiteral("[]", to: &out)
                return
            }
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(unit: unit, level: level + 1, into: &out)
                writeIndented(element, unit: unit, level: level + 1, into: &out)
            }
            newline(unit: unit, level: level, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty {
                appendLiteral("{}", to: &out)
                return
            }
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(unit: unit, level: level + 1, into: &out)
                appendGoJSONString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                out.append(UInt8(ascii: " "))
                writeIndented(member.value, unit: unit, level: level + 1, into: &out)
            }
            newline(unit: unit, level: level, into: &out)
            out.append(UInt8(ascii: "}"))
        default:
            compact(value, into: &out)
        }
    }

    @inline(__always)
    private static func newline(unit: [UInt8], level: Int, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<level { out.append(contentsOf: unit) }
    }

    @inline(__always)
    private static func appendLiteral(_ literal: StaticString, to out: inout [UInt8]) {
        literal.withUTF8Buffer { out.append(contentsOf: $0) }
    }
}
