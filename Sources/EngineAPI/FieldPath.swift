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
        final class Node {
            var member = false
            var children: [PathElement: Node] = [:]
        }
        let root = Node()
        for path in paths {
            var node = root
            for element in path {
                if let next = node.children[element] { node = next } else {
                    let next = Node()
                    node.children[element] = next
                    node = next
                }
            }
            node.member = true
        }
        func rank(_ e: PathElement) -> Int {
            switch e.utf8.first {
            case UInt8(ascii: "f"): return 0
            case UInt8(ascii: "k"): return 1
            case UInt8(ascii: "v"): return 2
            default: return 3
            }
        }
        func render(_ node: Node) -> JSONValue {
            var members: [JSONMember] = []
            if node.member, !node.children.isEmpty { members.append(JSONMember(".", .object([]))) }
            let keys = node.children.keys.sorted { a, b in
                let ra = rank(a), rb = rank(b)
                return ra != rb ? ra < rb : a.utf8.lexicographicallyPrecedes(b.utf8)
            }
            for key in keys { members.append(JSONMember(key, render(node.children[key]!))) }
            return .object(members)
        }
        return render(root)
    }
}
