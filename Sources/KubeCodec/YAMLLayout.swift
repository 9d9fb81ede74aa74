import GoYAML
import KubeSchema

/// The order YAML prints a message's members in: every JSON name, inline structs flattened, sorted
/// the way go-yaml sorts map keys. Computed once per schema.
struct YAMLLayout: Sendable {
    /// An inline struct reached from the message: node 0 is the message itself; node k is the
    /// struct in field `field` of node `parent`.
    struct Node: Sendable {
        let parent: Int16
        let field: Int16
        let type: Int32
        /// TypeMeta-like inline structs that are not on the wire (filled from the envelope).
        let offWire: Bool
    }
    struct Member: Sendable {
        let node: Int16
        let field: Int16
        /// A TypeMeta member filled from the envelope (its node is off the wire).
        let offWire: Bool
        /// For off-wire members: which envelope string is printed.
        let typeMeta: TypeMetaRole
        /// Index of the field in `CompiledSchema.fields` (set when the schema is compiled).
        var flatField: Int32 = -1
    }
    enum TypeMetaRole: UInt8, Sendable { case none, kind, apiVersion }
    let nodes: [Node]
    let members: [Member]

    init(schema: Schema, type: Int32) {
        var nodes = [Node(parent: -1, field: -1, type: type, offWire: false)]
        var members: [Member] = []
        var names: [[UInt8]] = []
        var k = 0
        while k < nodes.count {
            let t = schema.types[Int(nodes[k].type)]
            for (fi, f) in t.fields.enumerated() where !f.flags.contains(.jsonSkip) {
                if f.isInline, case .message(let child) = f.element {
                    nodes.append(Node(parent: Int16(k), field: Int16(fi), type: child, offWire: f.number == 0 || nodes[k].offWire))
                } else if !names.contains(f.jsonNameUTF8) {
                    let role: TypeMetaRole = f.jsonName == "kind" ? .kind : f.jsonName == "apiVersion" ? .apiVersion : .none
                    members.append(Member(node: Int16(k), field: Int16(fi), offWire: nodes[k].offWire, typeMeta: role))
                    names.append(f.jsonNameUTF8)
                }
            }
            k += 1
        }
        let order = names.indices.sorted { a, b in
            names[a].withUnsafeBufferPointer { pa in names[b].withUnsafeBufferPointer { pb in goYAMLKeyLess(pa, pb) } }
        }
        self.nodes = nodes
        self.members = order.map { members[$0] }
    }

}
