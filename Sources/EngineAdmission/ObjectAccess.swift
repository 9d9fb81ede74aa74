import EngineKit
import GoJSON

/// Small readers over objects held as ordered JSON, for the shapes the API uses everywhere
/// (string maps, lists of objects, optional scalars).
extension JSONValue {
    func string(_ path: String...) -> String? { self[path: path]?.stringValue }

    /// A map[string]string field (labels, selectors, data) as pairs in stored order; nil when absent or null.
    func stringMap(_ path: String...) -> [(String, String)]? {
        guard case .object(let members)? = self[path: path] else { return nil }
        return members.compactMap { m in m.value.stringValue.map { (m.key, $0) } }
    }

    func array(_ path: String...) -> [JSONValue] { self[path: path]?.elements ?? [] }

    /// True when the member exists and is not null.
    func has(_ path: String...) -> Bool { has(path) }

    func has(_ path: [String]) -> Bool {
        if let v = self[path: path], v != .null { return true }
        return false
    }

    /// Sets a default at a path given as an array (the variadic form of `setDefault` needs literals).
    mutating func setDefault(_ value: JSONValue, atPath path: [String]) {
        if let existing = self[path: path], existing != .null { return }
        set(value, at: path)
    }

    /// Runs `body` on each element of the array at `path` that is an object.
    mutating func forEachObject(at path: [String], _ body: (inout JSONValue) -> Void) {
        guard case .array(var items)? = self[path: path] else { return }
        for i in items.indices {
            if case .object = items[i] { body(&items[i]) }
        }
        set(.array(items), at: path)
    }

    /// Appends to the array at `path`, creating it when absent.
    mutating func append(_ value: JSONValue, toArrayAt path: [String]) {
        var items = self[path: path]?.elements ?? []
        items.append(value)
        set(.array(items), at: path)
    }
}

/// Text of values the way Kubernetes' field errors print them (Go's %q, %v and %#v).
enum GoText {
    /// Go's %q for the characters object fields normally hold.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// %#v of a map[string]string: keys sorted, `map[string]string{"a":"b"}`, nil as `map[string]string(nil)`.
    static func stringMap(_ pairs: [(String, String)]?) -> String {
        guard let pairs else { return "map[string]string(nil)" }
        let body = pairs.sorted { $0.0 < $1.0 }.map { quote($0.0) + ":" + quote($0.1) }.joined(separator: ", ")
        return "map[string]string{" + body + "}"
    }

    /// %#v of a []string.
    static func stringSlice(_ items: [String]?) -> String {
        guard let items else { return "[]string(nil)" }
        return "[]string{" + items.map(quote).joined(separator: ", ") + "}"
    }

    /// %#v of a metav1.LabelSelector, as apps validation prints an immutable selector.
    static func labelSelector(_ selector: JSONValue?) -> String {
        let matchLabels = selector?.stringMap("matchLabels")
        var expressions = "[]v1.LabelSelectorRequirement(nil)"
        if let list = selector?["matchExpressions"]?.elements {
            let items = list.map { e -> String in
                let values = e["values"]?.elements.map { $0.compactMap(\.stringValue) }
                return "v1.LabelSelectorRequirement{Key:" + quote(e.string("key") ?? "") + ", Operator:"
                    + quote(e.string("operator") ?? "") + ", Values:" + stringSlice(values) + "}"
            }
            expressions = "[]v1.LabelSelectorRequirement{" + items.joined(separator: ", ") + "}"
        }
        return "v1.LabelSelector{MatchLabels:" + stringMap(matchLabels) + ", MatchExpressions:" + expressions + "}"
    }

    /// %v of a JSON scalar as a field error prints an int or bool; strings quoted.
    static func scalar(_ value: JSONValue?) -> String {
        switch value {
        case .string(let s)?: return quote(s)
        case .number(let n)?: return n
        case .bool(let b)?: return b ? "true" : "false"
        default: return "null"
        }
    }

    /// `supported values: "A", "B"` as field.NotSupported lists them.
    static func supported(_ values: [String]) -> String {
        "supported values: " + values.map(quote).joined(separator: ", ")
    }
}
