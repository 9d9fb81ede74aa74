/// A JSON value that keeps what Go's encoding needs to be reproduced exactly: object members in
/// their original order (Go structs are ordered, maps are sorted by the writer's caller) and
/// numbers as their literal text (so int64 ids and floats survive without rounding).
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number's literal JSON text, e.g. `7`, `-1`, `1.5e-7`.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])
}

public struct JSONMember: Equatable, Sendable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

extension JSONValue {
    /// The value of the first member named `key`, for objects. Inlinable because every
    /// controller and admission step reads objects this way: inlined, a lookup is a plain loop.
    @inlinable
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        // Comparing lengths first keeps most mismatches out of the general string comparison.
        let length = key.utf8.count
        for member in members where member.key.utf8.count == length && member.key == key { return member.value }
        return nil
    }

    @inlinable
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
