import GoJSON

/// One step of a managed-fields path, in structured-merge-diff's text form: `f:name` (a struct
/// field or map key), `k:{"name":"web"}` (an item of a keyed list), `v:"x"` (an item of a set).
typealias PathElement = String

/// The fields a manager owns, flattened: each path maps to the leaf value it had when written
/// (nil for "the node itself", SMD's `.`), so that two sets can be compared for changes.
struct FieldValues {
    var leaves: [[PathElement]: JSONValue] = [:]
    /// Interior nodes that are members of the set themselves (they could have been absent).
    var nodes: Set<[PathElement]> = []

    var allPaths: Set<[PathElement]> { Set(leaves.keys).union(nodes) }
}

/// A set of field paths, serialised as FieldsV1: `.` first, then children in SMD's order
/// (field names, then keys, then values, each sorted).
struct FieldSet: Equatable {
    private(set) var paths: Set<[PathElement]>

    init(_ paths: Set<[PathElement]> = []) { self.paths = paths }

    var isEmpty: Bool { paths.isEmpty }

    func union(_ other: FieldSet) -> FieldSet { FieldSet(paths.union(other.paths)) }
    func subtracting(_ other: Set<[PathElement]>) -> FieldSet { FieldSet(paths.subtracting(other)) }

    /// Parses FieldsV1 JSON back into paths.
    init(fieldsV1 value: JSONValue) {
        var out = Set<[PathElement]>()
        func walk(_ v: JSONValue, _ prefix: [PathElement]) {
            guard case .object(let members) = v else { return }
            if members.isEmpty, !prefix.isEmpty { out.insert(prefix) }
            for m in members {
                if m.key == "." { out.insert(prefix) } else { walk(m.value, prefix + [m.key]) }
            }
        }
        walk(value, [])
        paths = out
    }

    var fieldsV1: JSONValue {
        // Sorted in SMD's order (element by element: field names, then keys, then values, each
        // by bytes; a path before its extensions), the set renders in one pass over the list.
        let sorted = paths.sorted(by: Self.precedes)
        var index = 0
        func render(depth: Int) -> JSONValue {
            // The paths from `index` on that extend the current prefix are this node's subtree.
            var members: [JSONMember] = []
            var isMember = false
            let prefix = index < sorted.count ? sorted[index].prefix(depth) : []
            func inSubtree(_ i: Int) -> Bool {
                i < sorted.count && sorted[i].count >= depth && sorted[i].prefix(depth).elementsEqual(prefix)
            }
            if depth > 0, inSubtree(index), sorted[index].count == depth {
                isMember = true
                index += 1
            }
            while inSubtree(index) {
                let element = sorted[index][depth]
                members.append(JSONMember(element, render(depth: depth + 1)))
            }
            if isMember, !members.isEmpty { members.insert(JSONMember(".", .object([])), at: 0) }
            return .object(members)
        }
        guard !sorted.isEmpty else { return .object([]) }
        return render(depth: 0)
    }

    private static func rank(_ e: PathElement) -> Int {
        switch e.utf8.first {
        case UInt8(ascii: "f"): return 0
        case UInt8(ascii: "k"): return 1
        case UInt8(ascii: "v"): return 2
        default: return 3
        }
    }

    private static func precedes(_ a: [PathElement], _ b: [PathElement]) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            let rx = rank(x), ry = rank(y)
            return rx != ry ? rx < ry : x.utf8.lexicographicallyPrecedes(y.utf8)
        }
        return a.count < b.count
    }
}
