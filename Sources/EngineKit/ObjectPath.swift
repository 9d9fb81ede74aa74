import GoJSON

/// Reading and changing Kubernetes objects held as ordered JSON values by a path of member names.
/// New members are appended, existing ones keep their place, so an object's field order survives.
extension JSONValue {
    /// Inlinable so that the literal paths at call sites need no array allocation.
    @inlinable
    public subscript(path path: [String]) -> JSONValue? {
        var current = self
        for name in path {
            guard let next = current[name] else { return nil }
            current = next
        }
        return current
    }

    @inlinable
    public subscript(path path: String...) -> JSONValue? { self[path: path] }

    @inlinable
    public var members: [JSONMember]? {
        if case .object(let m) = self { return m }
        return nil
    }

    @inlinable
    public var elements: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    @inlinable
    public var intValue: Int64? {
        if case .number(let text) = self { return Int64(text) }
        return nil
    }

    @inlinable
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var isNull: Bool { self == .null }

    public static func int<I: BinaryInteger>(_ n: I) -> JSONValue { .number(String(n)) }

    /// An object from (key, value) pairs in the given order.
    public static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(pairs.map { JSONMember($0.key, $0.value) })
    }

    public static let emptyObject = JSONValue.object([])

    /// Sets `value` at `path`, creating objects on the way (a null or non-object on the way is
    /// replaced by an object).
    public mutating func set(_ value: JSONValue, at path: [String]) {
        set(value, at: path[...])
    }

    public mutating func set(_ value: JSONValue, at path: String...) { set(value, at: path[...]) }

    private mutating func set(_ value: JSONValue, at path: ArraySlice<String>) {
        guard let first = path.first else {
            self = value
            return
        }
        var members: [JSONMember]
        if case .object(let m) = self { members = m } else { members = [] }
        self = .null  // drop our reference so the members array is uniquely owned
        if let i = members.firstIndex(where: { $0.key == first }) {
            members[i].value.set(value, at: path.dropFirst())
        } else {
            var child = JSONValue.null
            child.set(value, at: path.dropFirst())
            members.append(JSONMember(first, child))
        }
        self = .object(members)
    }

    /// Sets `value` at `path` only when nothing (or null) is there: API defaulting.
    public mutating func setDefault(_ value: JSONValue, at path: String...) { setDefault(value, at: path) }

    public mutating func setDefault(_ value: JSONValue, at path: [String]) {
        if let existing = self[path: path], existing != .null { return }
        set(value, at: path[...])
    }

    /// Removes the member at `path`; returns whether it was there.
    @discardableResult
    public mutating func remove(at path: String...) -> Bool { remove(at: path[...]) }

    @discardableResult
    public mutating func remove(at path: [String]) -> Bool { remove(at: path[...]) }

    private mutating func remove(at path: ArraySlice<String>) -> Bool {
        guard let first = path.first, case .object(var members) = self,
              let i = members.firstIndex(where: { $0.key == first }) else { return false }
        self = .null
        let removed: Bool
        if path.count == 1 {
            members.remove(at: i)
            removed = true
        } else {
            removed = members[i].value.remove(at: path.dropFirst())
        }
        self = .object(members)
        return removed
    }

    /// Runs `body` on the value at `path` (null when absent) and stores the result there.
    public mutating func modify(at path: String..., body: (inout JSONValue) throws -> Void) rethrows {
        try modify(at: path, body: body)
    }

    public mutating func modify(at path: [String], body: (inout JSONValue) throws -> Void) rethrows {
        var value = self[path: path] ?? .null
        try body(&value)
        set(value, at: path[...])
    }

    /// Runs `body` on every element of the array at `path`; nothing happens when it is not an array.
    public mutating func forEachElement(at path: String..., body: (inout JSONValue, Int) throws -> Void) rethrows {
        try forEachElement(at: path, body: body)
    }

    public mutating func forEachElement(at path: [String], body: (inout JSONValue, Int) throws -> Void) rethrows {
        guard case .array(var items)? = self[path: path] else { return }
        for i in items.indices { try body(&items[i], i) }
        set(.array(items), at: path[...])
    }
}
