import KubeSchema

/// Per message type: JSON member name → where it goes on the wire. Inline (embedded) structs are
/// flattened here, as encoding/json flattens them.
struct JSONNameTable: Sendable {
    struct Target: Sendable {
        /// Field index in the message.
        let field: Int16
        /// 0 for a member of an inline struct (resolved again by that struct's own table); -1 otherwise.
        let inner: Int16
    }
    let byName: [String: Target]
    /// The same names in Go struct order (inline structs' names in place), the order objects
    /// usually arrive in: the encoder tries the next one before hashing.
    let ordered: [(name: String, target: Target)]
    /// The fields' wire facts (by field index), free of references: the encoder reads one per
    /// field of every message, and copying a `Field` retains its names.
    let wire: [WireField]

    init(schema: Schema, type: MessageType) {
        var map: [String: Target] = [:]
        for (fi, f) in type.fields.enumerated() where f.isInline && !f.flags.contains(.jsonSkip) {
            // encoding/json: a shallower field of the same name wins, so direct fields go in last.
            for name in Self.inlineNames(schema, f) where map[name] == nil {
                map[name] = Target(field: Int16(fi), inner: 0)
            }
        }
        for (fi, f) in type.fields.enumerated() where !f.isInline && !f.flags.contains(.jsonSkip) {
            map[f.jsonName] = Target(field: Int16(fi), inner: -1)
        }
        byName = map
        var ordered: [(name: String, target: Target)] = []
        for f in type.fields where !f.flags.contains(.jsonSkip) {
            let names = f.isInline ? Self.inlineNames(schema, f) : [f.jsonName]
            for name in names {
                // Only where the name resolves to this very field (a shadowed inline name does not).
                if let target = map[name], !ordered.contains(where: { $0.name == name }) { ordered.append((name, target)) }
            }
        }
        self.ordered = ordered
        self.wire = type.fields.map(WireField.init)
    }

    /// Every JSON name an inline struct contributes, through nested inline structs too.
    static func inlineNames(_ schema: Schema, _ field: Field) -> [String] {
        guard case .message(let child) = field.element else { return [] }
        var names: [String] = []
        for cf in schema.types[Int(child)].fields where !cf.flags.contains(.jsonSkip) {
            if cf.isInline { names += inlineNames(schema, cf) } else { names.append(cf.jsonName) }
        }
        return names
    }

    static func build(_ schema: Schema) -> [JSONNameTable] {
        schema.types.map { JSONNameTable(schema: schema, type: $0) }
    }

    static let builtIn: [JSONNameTable] = build(Schema.builtIn)
}

/// What encoding needs of a schema field: its number, shape and Go flags.
struct WireField: Sendable {
    let number: Int
    let cardinality: Cardinality
    let element: Element
    let flags: FieldFlags

    init(_ f: Field) {
        number = f.number
        cardinality = f.cardinality
        element = f.element
        flags = f.flags
    }

    var isPointer: Bool { flags.contains(.pointer) }
    var isInline: Bool { flags.contains(.inline) }
    var isWrapped: Bool { flags.contains(.wrapped) }
}
