import GoJSON

/// A parsed gateway JSON value. Numbers keep their literal text so 64-bit ids never pass through
/// a Double; the gateway writes int64 as strings anyway, but accepts and sometimes emits numbers.
enum GatewayJSON: Equatable, Sendable {
    case object([(String, GatewayJSON)])
    case array([GatewayJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    static func == (a: GatewayJSON, b: GatewayJSON) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.array(let x), .array(let y)): return x == y
        case (.string(let x), .string(let y)), (.number(let x), .number(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    subscript(_ key: String) -> GatewayJSON? {
        guard case .object(let fields) = self else { return nil }
        // The gateway writes proto names, but some messages use lowerCamel; accept both.
        for (k, v) in fields where k == key { return v }
        let camel = Self.lowerCamel(key)
        if camel != key { for (k, v) in fields where k == camel { return v } }
        return nil
    }

    static func lowerCamel(_ snake: String) -> String {
        var out = ""
        var upper = false
        for c in snake {
            if c == "_" { upper = true; continue }
            out.append(upper ? Character(c.uppercased()) : c)
            upper = false
        }
        return out
    }

    var array: [GatewayJSON] {
        if case .array(let a) = self { return a }
        return []
    }

    var stringValue: String? {
        switch self {
        case .string(let s): return s
        case .number(let n): return n
        default: return nil
        }
    }

    func int64(_ key: String) throws(EtcdError) -> Int64 {
        guard let v = self[key], v != .null else { return 0 }
        guard let text = v.stringValue, let n = Int64(text) else { throw Self.bad(key, "an int64") }
        return n
    }

    func uint64(_ key: String) throws(EtcdError) -> UInt64 {
        guard let v = self[key], v != .null else { return 0 }
        guard let text = v.stringValue, let n = UInt64(text) else { throw Self.bad(key, "a uint64") }
        return n
    }

    func bool(_ key: String) throws(EtcdError) -> Bool {
        guard let v = self[key], v != .null else { return false }
        guard case .bool(let b) = v else { throw Self.bad(key, "a boolean") }
        return b
    }

    func string(_ key: String) throws(EtcdError) -> String {
        guard let v = self[key], v != .null else { return "" }
        guard case .string(let s) = v else { throw Self.bad(key, "a string") }
        return s
    }

    func bytes(_ key: String) throws(EtcdError) -> [UInt8] {
        guard let v = self[key], v != .null else { return [] }
        guard case .string(let s) = v, let b = Base64.decode(s) else { throw Self.bad(key, "base64 bytes") }
        return b
    }

    static func bad(_ key: String, _ what: String) -> EtcdError {
        EtcdError(.other, "unexpected gateway response: field \"\(key)\" is not \(what)")
    }
}
