import GoJSON

/// Turns a composed YAML node tree into JSON values with go-yaml v2 decoding semantics followed
/// by sigs.k8s.io/yaml's key conversion and `encoding/json` number formatting.
struct YAMLNodeConverter {
    /// Aliases are expanded, so a small document can describe a huge value ("billion laughs");
    /// like go-yaml's excessive-aliasing check, stop once the expansion is out of proportion.
    let nodeBudget: NodeBudget

    static let strTag = "tag:yaml.org,2002:str"
    static let mergeTag = "tag:yaml.org,2002:merge"
    /// go-yaml has no recursion limit of its own; this keeps hostile input from exhausting the stack.
    static let maxDepth = 10_000

    func value(_ node: ComposedNode, depth: Int = 0) throws -> JSONValue {
        guard depth < YAMLNodeConverter.maxDepth else { throw error(node, "document nested too deeply") }
        guard nodeBudget.spend() else { throw error(node, "document contains excessive aliasing") }
        switch node.kind {
        case .scalar:
            return try scalarValue(node)
        case .sequence:
            return .array(try node.children.map { try value($0, depth: depth + 1) })
        case .mapping:
            var builder = ObjectBuilder()
            try fill(&builder, from: node, depth: depth + 1)
            return .object(builder.members)
        }
    }

    /// go-yaml sets map entries in order, so a merge overwrites keys written before it and is
    /// overwritten by keys written after it; in a sequence of merges the earlier ones win.
    private func fill(_ builder: inout ObjectBuilder, from mapping: ComposedNode, depth: Int) throws {
        guard depth < YAMLNodeConverter.maxDepth else { throw error(mapping, "document nested too deeply") }
        let children = mapping.children
        var i = 0
        while i + 1 < children.count {
            let keyNode = children[i], valueNode = children[i + 1]
            i += 2
            if isMergeKey(keyNode) {
                switch valueNode.kind {
                case .mapping:
                    try fill(&builder, from: valueNode, depth: depth + 1)
                case .sequence:
                    for item in valueNode.children.reversed() {
                        guard item.kind == .mapping else {
                            throw error(item, "map merge requires map or sequence of maps as the value")
                        }
                        try fill(&builder, from: item, depth: depth + 1)
                    }
                case .scalar:
                    throw error(valueNode, "map merge requires map or sequence of maps as the value")
                }
                continue
            }
            let key = try keyString(keyNode)
            builder.set(key, try value(valueNode, depth: depth + 1))
        }
    }

    private func isMergeKey(_ node: ComposedNode) -> Bool {
        node.kind == .scalar && node.text == "<<" && (node.implicit || node.tag == YAMLNodeConverter.mergeTag)
    }

    /// sigs.k8s.io/yaml's conversion of a decoded go-yaml key to a JSON object key.
    private func keyString(_ node: ComposedNode) throws -> String {
        guard node.kind == .scalar else {
            throw error(node, "invalid map key: a mapping or sequence cannot be a key")
        }
        switch try typedScalar(node) {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .uint(let u): throw error(node, "unsupported map key of type uint64: \(u)")
        case .float(let f): return goYAMLFloat32KeyText(f)
        case .bool(let b): return b ? "true" : "false"
        case .null: throw error(node, "unsupported map key: null")
        }
    }

    private func scalarValue(_ node: ComposedNode) throws -> JSONValue {
        switch try typedScalar(node) {
        case .string(let s): return .string(s)
        case .int(let i): return .number(String(i))
        case .uint(let u): return .number(String(u))
        case .float(let f):
            guard f.isFinite else { throw error(node, "json: unsupported value: \(goYAMLFloat32KeyText(f))") }
            return .number(goFormatFloat64(f))
        case .bool(let b): return .bool(b)
        case .null: return .null
        }
    }

    enum TypedScalar {
        case string(String), int(Int64), uint(UInt64), float(Double), bool(Bool), null
    }

    /// go-yaml's `resolve(tag, value)` as used by its decoder for an `interface{}` target:
    /// quoted and block scalars are strings, untagged plain scalars are typed by their text,
    /// explicitly tagged ones must fit their tag.
    private func typedScalar(_ node: ComposedNode) throws -> TypedScalar {
        let tag = node.tag
        var text = node.text
        if tag.isEmpty && !node.implicit { return .string(text) }
        if tag == YAMLNodeConverter.strTag { return .string(text) }
        let resolved = text.withUTF8 { resolvePlainScalar($0) }
        if node.implicit { return typed(resolved, text) }
        switch tag {
        case "tag:yaml.org,2002:null":
            if case .null = resolved { return .null }
        case "tag:yaml.org,2002:bool":
            if case .bool(let b) = resolved { return .bool(b) }
        case "tag:yaml.org,2002:int":
            if case .int = resolved { return typed(resolved, text) }
            if case .uint = resolved { return typed(resolved, text) }
        case "tag:yaml.org,2002:float":
            if case .int(let i) = resolved { return .float(Double(i)) }
            if case .float = resolved { return typed(resolved, text) }
        case "tag:yaml.org,2002:timestamp":
            if case .timestamp = resolved { return .string(text) }
        case "tag:yaml.org,2002:binary":
            guard let decoded = decodeBase64(text) else { throw error(node, "!!binary value contains invalid base64 data") }
            return .string(String(decoding: decoded, as: UTF8.self))
        case YAMLNodeConverter.mergeTag:
            return .string(text)
        default:
            // Tags go-yaml does not know (`!`, `!foo`) leave the text as a string.
            return .string(text)
        }
        throw error(node, "cannot decode \(text) as \(tag)")
    }

    private func typed(_ resolved: ResolvedPlainScalar, _ text: String) -> TypedScalar {
        switch resolved {
        case .string, .timestamp, .merge: return .string(text)
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .uint(let u): return .uint(u)
        case .float(let f): return .float(f)
        }
    }

    private func decodeBase64(_ text: String) -> [UInt8]? {
        var bits: UInt32 = 0, count = 0
        var out: [UInt8] = []
        var padding = 0
        for c in text.utf8 {
            let v: UInt32
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = UInt32(c - 65)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = UInt32(c - 97 + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(c - 48 + 52)
            case UInt8(ascii: "+"): v = 62
            case UInt8(ascii: "/"): v = 63
            case UInt8(ascii: "="): padding += 1; continue
            case 0x0A, 0x0D, 0x20: continue
            default: return nil
            }
            if padding > 0 { return nil }
            bits = bits << 6 | v
            count += 1
            if count == 4 {
                out += [UInt8(bits >> 16 & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits & 0xFF)]
                bits = 0
                count = 0
            }
        }
        switch count {
        case 0: break
        case 2: out.append(UInt8(bits >> 4 & 0xFF))
        case 3: out += [UInt8(bits >> 10 & 0xFF), UInt8(bits >> 2 & 0xFF)]
        default: return nil
        }
        return out
    }

    private func error(_ node: ComposedNode, _ message: String) -> YAMLInputError {
        YAMLInputError(line: node.line, column: node.column, message: message)
    }
}

final class NodeBudget {
    private var remaining: Int

    init(inputLength: Int) {
        remaining = 4_000_000 + 100 * inputLength
    }

    func spend() -> Bool {
        remaining -= 1
        return remaining >= 0
    }
}

/// Object members in first-insertion order with Go map semantics for repeated keys.
struct ObjectBuilder {
    var members: [JSONMember] = []
    private var index: [String: Int] = [:]

    mutating func set(_ key: String, _ value: JSONValue) {
        if let i = index[key] {
            members[i].value = value
        } else {
            index[key] = members.count
            members.append(JSONMember(key, value))
        }
    }
}
