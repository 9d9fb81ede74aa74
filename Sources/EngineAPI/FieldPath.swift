import GoJSON

/// A managed-fields path: its elements in structured-merge-diff's text form (`f:name` for a
/// struct field or map key, `k:{"name":"web"}` for an item of a keyed list, `v:"x"` for an item
/// of a set), held as one string with a NUL between elements. No element contains a NUL (JSON
/// escapes it, and names and keys are validated), so one string hashes, compares and sorts as
/// the element list would, with one allocation instead of one per element.
struct FieldPath: Hashable, Comparable {
    private(set) var text: String

    static let root = FieldPath(text: "")

    private init(text: String) { self.text = text }

    init(_ elements: [String]) {
        text = elements.joined(separator: "\u{0}")
    }

    var isRoot: Bool { text.isEmpty }

    /// The path one element deeper: `prefix` + `name` (e.g. "f:" + "spec").
    func appending(_ prefix: String, _ name: String) -> FieldPath {
        var t = text
        t.reserveCapacity(t.utf8.count + 1 + prefix.utf8.count + name.utf8.count)
        if !t.isEmpty { t.unicodeScalars.append("\u{0}") }
        t += prefix
        t += name
        return FieldPath(text: t)
    }

    var elements: [String] {
        bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The UTF-8 bytes, elements separated by 0.
    var bytes: [UInt8] { text.isEmpty ? [] : Array(text.utf8) }

    /// SMD's order: element by element (field names, then keys, then values, then anything else,
    /// each group by bytes), a path before its extensions.
    static func < (a: FieldPath, b: FieldPath) -> Bool {
        var x = a.text, y = b.text
        return x.withUTF8 { p in y.withUTF8 { q in precedes(p, q) } }
    }

    static func precedes(_ p: UnsafeBufferPointer<UInt8>, _ q: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        var elementStart = 0
        let n = min(p.count, q.count)
        while i < n {
            let a = p[i], b = q[i]
            if a != b {
                // A separator ends the shorter element: it sorts first (a path before its
                // extensions, a shorter element before a longer one with the same start).
                if a == 0 { return true }
                if b == 0 { return false }
                if i == elementStart {
                    let ra = rank(a), rb = rank(b)
                    if ra != rb { return ra < rb }
                }
                return a < b
            }
            i += 1
            if a == 0 { elementStart = i }
        }
        return p.count < q.count
    }

    private static func rank(_ first: UInt8) -> Int {
        switch first {
        case UInt8(ascii: "f"): return 0
        case UInt8(ascii: "k"): return 1
        case UInt8(ascii: "v"): return 2
        default: return 3
        }
    }
}

/// The fields a manager owns, flattened: each path maps to the leaf value it had when written
/// (nil for "the node itself", SMD's `.`), so that two sets can be compared for changes.
struct FieldValues {
    var leaves: [FieldPath: JSONValue] = [:]
    /// Interior nodes that are members of the set themselves (they could have been absent).
    var nodes: Set<FieldPath> = []

    var allPaths: Set<FieldPath> { Set(leaves.keys).union(nodes) }
}

/// What an update did to the field set: paths whose value is new or different (the writer
/// takes them over) and paths that are gone (nobody owns them any more).
struct FieldChanges {
    var changed: Set<FieldPath> = []
    var removed: Set<FieldPath> = []

    var isEmpty: Bool { changed.isEmpty && removed.isEmpty }

    /// The field manager's comparison of two flattened versions.
    mutating func add(from old: FieldValues, to new: FieldValues) {
        for (path, value) in new.leaves where old.leaves[path] != value { changed.insert(path) }
        for node in new.nodes where !old.nodes.contains(node) { changed.insert(node) }
        for path in old.leaves.keys where new.leaves[path] == nil && !new.nodes.contains(path) { removed.insert(path) }
        for node in old.nodes where new.leaves[node] == nil && !new.nodes.contains(node) { removed.insert(node) }
    }
}

/// A set of field paths, serialised as FieldsV1: `.` first, then children in SMD's order
/// (field names, then keys, then values, each sorted).
struct FieldSet: Equatable {
    private(set) var paths: Set<FieldPath>

    init(_ paths: Set<FieldPath> = []) { self.paths = paths }

    var isEmpty: Bool { paths.isEmpty }

    func union(_ other: FieldSet) -> FieldSet { FieldSet(paths.union(other.paths)) }
    func subtracting(_ other: Set<FieldPath>) -> FieldSet { FieldSet(paths.subtracting(other)) }

    /// Parses FieldsV1 JSON back into paths.
    init(fieldsV1 value: JSONValue) {
        var out = Set<FieldPath>()
        func walk(_ v: JSONValue, _ prefix: FieldPath) {
            guard case .object(let members) = v else { return }
            if members.isEmpty, !prefix.isRoot { out.insert(prefix) }
            for m in members {
                if m.key == "." { out.insert(prefix) } else { walk(m.value, prefix.appending("", m.key)) }
            }
        }
        walk(value, .root)
        paths = out
    }

    /// Whether parsing `value` would give a set holding `path` (not the root), found by walking
    /// the FieldsV1 tree: a node is a member when it is empty or has a "." child.
    static func contains(_ path: FieldPath, in value: JSONValue) -> Bool {
        guard !path.isRoot else { return false }
        let bytes = path.bytes
        let bounds = elementBounds(bytes)
        func walk(_ v: JSONValue, _ depth: Int) -> Bool {
            guard case .object(let members) = v else { return false }
            if depth == bounds.count { return members.isEmpty || members.contains { $0.key == "." } }
            let element = bytes[bounds[depth]]
            for m in members where m.key.utf8.elementsEqual(element) {
                if walk(m.value, depth + 1) { return true }
            }
            return false
        }
        return walk(value, 0)
    }

    /// Where each element of a path's bytes lies.
    static func elementBounds(_ bytes: [UInt8]) -> [Range<Int>] {
        var bounds: [Range<Int>] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == 0 {
            bounds.append(start..<i)
            start = i + 1
        }
        bounds.append(start..<bytes.count)
        return bounds
    }

    /// Whether parsing `value` would give any path at all.
    static func hasAnyPath(_ value: JSONValue) -> Bool {
        func walk(_ v: JSONValue, _ depth: Int) -> Bool {
            guard case .object(let members) = v else { return false }
            if depth > 0, members.isEmpty { return true }
            for m in members {
                if m.key == "." { return true }
                if walk(m.value, depth + 1) { return true }
            }
            return false
        }
        return walk(value, 0)
    }

    var fieldsV1: JSONValue {
        // In SMD's order a node's subtree is one run of the sorted list, so the tree is built in
        // one pass with a stack of open nodes.
        var sorted: [[UInt8]] = []
        sorted.reserveCapacity(paths.count)
        for path in paths where !path.isRoot { sorted.append(path.bytes) }
        guard !sorted.isEmpty else { return .object([]) }
        sorted.sort { a, b in a.withUnsafeBufferPointer { p in b.withUnsafeBufferPointer { q in FieldPath.precedes(p, q) } } }
        struct Open {
            var element: String
            var isMember: Bool
            var children: [JSONMember]
        }
        func close(_ node: Open) -> JSONMember {
            var children = node.children
            if node.isMember, !children.isEmpty { children.insert(JSONMember(".", .object([])), at: 0) }
            return JSONMember(node.element, .object(children))
        }
        var stack: [Open] = [Open(element: "", isMember: false, children: [])]
        var previous: [UInt8] = []
        var previousBounds: [Range<Int>] = []
        for bytes in sorted {
            let bounds = Self.elementBounds(bytes)
            var common = 0
            while common < previousBounds.count, common < bounds.count,
                  previous[previousBounds[common]].elementsEqual(bytes[bounds[common]]) { common += 1 }
            while stack.count - 1 > common {
                let node = stack.removeLast()
                stack[stack.count - 1].children.append(close(node))
            }
            for bound in bounds[common...] {
                stack.append(Open(element: String(decoding: bytes[bound], as: UTF8.self), isMember: false, children: []))
            }
            stack[stack.count - 1].isMember = true
            previous = bytes
            previousBounds = bounds
        }
        while stack.count > 1 {
            let node = stack.removeLast()
            stack[stack.count - 1].children.append(close(node))
        }
        return .object(stack[0].children)
    }
}
