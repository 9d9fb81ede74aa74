import GoYAML
import KubeSchema

/// A field with nothing reference-counted in it, so the transcoders can read fields in their
/// inner loops without retain/release traffic. Its name lives in `CompiledSchema.names`.
struct FlatField {
    let number: Int32
    let cardinality: Cardinality
    let flags: FieldFlags
    let element: Element
    let nameStart: Int32
    let nameCount: Int32

    @inline(__always) var isPointer: Bool { flags.contains(.pointer) }
    @inline(__always) var omitEmpty: Bool { flags.contains(.omitEmpty) }
    @inline(__always) var isInline: Bool { flags.contains(.inline) }
    @inline(__always) var isWrapped: Bool { flags.contains(.wrapped) }

    /// The flags as they apply to one map value: the map's own omitempty does not.
    var asMapValue: FlatField {
        var f = flags
        f.remove(.omitEmpty)
        f.remove(.omitZero)
        return FlatField(number: number, cardinality: .single, flags: f, element: element, nameStart: nameStart, nameCount: nameCount)
    }
}

struct FlatType {
    let fieldStart: Int32
    let fieldCount: Int32
    /// Field number → field index, `slotCount` entries from `slotStart` (-1 = unknown).
    let slotStart: Int32
    let slotCount: Int32
    /// YAML layout: flattened inline nodes and go-yaml-sorted members.
    let nodeStart: Int32
    let nodeCount: Int32
    let memberStart: Int32
    let memberCount: Int32
}

/// The schema laid out in flat, immutable buffers for the hot paths. Built once per schema and
/// kept for the life of the process.
final class CompiledSchema: @unchecked Sendable {
    let schema: Schema
    let types: UnsafeMutableBufferPointer<FlatType>
    let fields: UnsafeMutableBufferPointer<FlatField>
    let slots: UnsafeMutableBufferPointer<Int16>
    let names: UnsafeMutableBufferPointer<UInt8>
    let nodes: UnsafeMutableBufferPointer<YAMLLayout.Node>
    let members: UnsafeMutableBufferPointer<YAMLLayout.Member>
    /// go-yaml's analysis of each field name, parallel to `fields`.
    let yamlKeys: UnsafeMutableBufferPointer<YAMLEmitter.PreparedKey>

    init(_ schema: Schema) {
        self.schema = schema
        var types: [FlatType] = []
        var fields: [FlatField] = []
        var slots: [Int16] = []
        var names: [UInt8] = []
        var nodes: [YAMLLayout.Node] = []
        var members: [YAMLLayout.Member] = []
        for (ti, t) in schema.types.enumerated() {
            let layout = YAMLLayout(schema: schema, type: Int32(ti))
            types.append(FlatType(fieldStart: Int32(fields.count), fieldCount: Int32(t.fields.count),
                                  slotStart: Int32(slots.count), slotCount: Int32(t.slotByNumber.count),
                                  nodeStart: Int32(nodes.count), nodeCount: Int32(layout.nodes.count),
                                  memberStart: Int32(members.count), memberCount: Int32(layout.members.count)))
            for f in t.fields {
                fields.append(FlatField(number: Int32(f.number), cardinality: f.cardinality, flags: f.flags, element: f.element,
                                        nameStart: Int32(names.count), nameCount: Int32(f.jsonNameUTF8.count)))
                names += f.jsonNameUTF8
            }
            slots += t.slotByNumber
            nodes += layout.nodes
            members += layout.members
        }
        func frozen<T>(_ a: [T]) -> UnsafeMutableBufferPointer<T> {
            let p = UnsafeMutableBufferPointer<T>.allocate(capacity: max(a.count, 1))
            _ = p.initialize(from: a)
            return p
        }
        self.types = frozen(types)
        self.fields = frozen(fields)
        self.slots = frozen(slots)
        self.names = frozen(names)
        self.nodes = frozen(nodes)
        self.members = frozen(members)
        let nameBase = self.names.baseAddress!
        self.yamlKeys = frozen(fields.map { f in
            YAMLEmitter.PreparedKey(UnsafeBufferPointer(start: nameBase + Int(f.nameStart), count: Int(f.nameCount)))
        })
    }

    static let builtIn = CompiledSchema(.builtIn)

    func typeName(_ type: Int32) -> String { schema.types[Int(type)].shortName }
}

/// The flat tables as plain values, copied into each transcoder so inner loops touch no class.
struct SchemaTables {
    let types: UnsafeMutablePointer<FlatType>
    let fields: UnsafeMutablePointer<FlatField>
    let slots: UnsafeMutablePointer<Int16>
    let names: UnsafeMutablePointer<UInt8>
    let nodes: UnsafeMutablePointer<YAMLLayout.Node>
    let members: UnsafeMutablePointer<YAMLLayout.Member>
    let yamlKeys: UnsafeMutablePointer<YAMLEmitter.PreparedKey>

    init(_ c: CompiledSchema) {
        types = c.types.baseAddress!
        fields = c.fields.baseAddress!
        slots = c.slots.baseAddress!
        names = c.names.baseAddress!
        nodes = c.nodes.baseAddress!
        members = c.members.baseAddress!
        yamlKeys = c.yamlKeys.baseAddress!
    }

    @inline(__always)
    func field(_ type: Int32, _ index: Int) -> FlatField {
        fields[Int(types[Int(type)].fieldStart) + index]
    }

    @inline(__always)
    func name(_ f: FlatField) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: names + Int(f.nameStart), count: Int(f.nameCount))
    }

    @inline(__always)
    func slot(_ type: Int32, number: Int) -> Int {
        let t = types[Int(type)]
        return number < Int(t.slotCount) ? Int(slots[Int(t.slotStart) + number]) : -1
    }
}
