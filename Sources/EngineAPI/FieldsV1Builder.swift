import GoJSON
import KubeSchema

/// The FieldsV1 of every field an object sets, built in one walk of the object: what
/// `FieldSet(fieldValues(of:).allPaths).fieldsV1` gives, without the paths in between. A create
/// records everything it sets, so this is the managed-fields cost of every create.
extension FieldSetBuilder {
    /// One node of the tree being built: its element, whether it is a member of the set itself,
    /// and its children.
    struct Node {
        var element: String
        var isMember: Bool
        var children: [Node]
    }

    /// Nil when the object repeats a path (a duplicate name or list key): the path set merges
    /// those, which the caller then does the long way.
    func fieldsV1(of object: JSONValue, type: Int32, excluding: Set<String> = []) -> JSONValue? {
        guard case .object(let members) = object else { return .object([]) }
        var root: [Node] = []
        for m in members where m.key != "apiVersion" && m.key != "kind" && !excluding.contains(m.key) {
            guard let field = field(named: m.key, in: type) else { continue }
            var value = m.value
            if m.key == "metadata", case .object(let meta) = value {
                value = .object(meta.filter { !Self.ignoredMetadata.contains($0.key) })
                if case .object(let rest) = value, rest.isEmpty { continue }
            }
            if let node = node(field: field, name: m.key, value: value) { root.append(node) }
        }
        guard Self.sortUnique(&root) else { return nil }
        var failed = false
        let rendered = Self.render(root, failed: &failed)
        return failed ? nil : .object(rendered)
    }

    private func node(field: Field, name: String, value: JSONValue) -> Node? {
        if Self.isOmitted(field, value) { return nil }
        let element = "f:" + name
        if value == .null { return Node(element: element, isMember: true, children: []) }
        switch field.cardinality {
        case .list:
            guard case .array(let items) = value, !items.isEmpty else { return Node(element: element, isMember: true, children: []) }
            switch Self.listKind(field: name, item: items[0]) {
            case .atomic:
                return Node(element: element, isMember: true, children: [])
            case .set:
                let children = items.map { Node(element: "v:" + JSONWriter.compactString($0), isMember: true, children: []) }
                return Node(element: element, isMember: field.omitEmpty || field.isPointer, children: children)
            case .keyed(let keys):
                let sortedKeys = keys.sorted()
                var children: [Node] = []
                children.reserveCapacity(items.count)
                for item in items {
                    var keyMembers: [JSONMember] = []
                    for k in sortedKeys {
                        if let v = item[k] { keyMembers.append(JSONMember(k, v)) }
                    }
                    var child = Node(element: "k:" + JSONWriter.compactString(.object(keyMembers)), isMember: true, children: [])
                    if case .message(let t) = field.element, case .object(let members) = item {
                        child.children = structChildren(members, type: t)
                    }
                    children.append(child)
                }
                return Node(element: element, isMember: field.omitEmpty || field.isPointer, children: children)
            }
        case .map:
            guard case .object(let entries) = value, !entries.isEmpty else { return Node(element: element, isMember: true, children: []) }
            var children: [Node] = []
            children.reserveCapacity(entries.count)
            for entry in entries {
                var child = Node(element: "f:" + entry.key, isMember: true, children: [])
                if case .message(let t) = field.element, case .object(let inner) = entry.value, !inner.isEmpty {
                    child.children = structChildren(inner, type: t)
                }
                children.append(child)
            }
            return Node(element: element, isMember: true, children: children)
        case .single:
            guard case .message(let t) = field.element, case .object(let inner) = value, !inner.isEmpty,
                  !isAtomicStruct(t) else {
                return Node(element: element, isMember: true, children: [])
            }
            // A plain struct is always there in Go: only its fields count, and with none it
            // leaves no trace.
            let children = structChildren(inner, type: t)
            if !field.isPointer, children.isEmpty { return nil }
            return Node(element: element, isMember: field.isPointer, children: children)
        }
    }

    private func structChildren(_ members: [JSONMember], type: Int32) -> [Node] {
        var children: [Node] = []
        children.reserveCapacity(members.count)
        for m in members {
            guard let f = field(named: m.key, in: type) else {
                children.append(Node(element: "f:" + m.key, isMember: true, children: []))
                continue
            }
            if let child = node(field: f, name: m.key, value: m.value) { children.append(child) }
        }
        return children
    }

    /// Sorts siblings in SMD's order; false when two share an element.
    static func sortUnique(_ nodes: inout [Node]) -> Bool {
        nodes.sort { a, b in
            var x = a.element, y = b.element
            return x.withUTF8 { p in y.withUTF8 { q in FieldPath.precedes(p, q) } }
        }
        for i in nodes.indices.dropFirst() where nodes[i].element == nodes[i - 1].element { return false }
        return true
    }

    static func render(_ nodes: [Node], failed: inout Bool) -> [JSONMember] {
        var out: [JSONMember] = []
        out.reserveCapacity(nodes.count)
        for var node in nodes {
            guard sortUnique(&node.children) else { failed = true; return [] }
            var children = render(node.children, failed: &failed)
            if node.isMember, !children.isEmpty { children.insert(JSONMember(".", .object([])), at: 0) }
            out.append(JSONMember(node.element, .object(children)))
        }
        return out
    }
}
