import GoYAML
import KubeSchema
import ProtoWire

/// A field with nothing reference-counted in it, so the transcoders can read fields in their
/// inner loops without retain/release traffic. Its name lives in `CompiledSchema.names`.
/// The flags are kept as plain bits (`FieldBits`): testing `FieldFlags`' static members from
/// another module costs a call per test in the inner loops.
struct FlatField {
    let number: Int32
    let cardinality: Cardinality
    let bits: UInt8
    /// Wire types accepted for the field, one bit per `WireType` raw value.
    let wireMask: UInt8
    let element: Element
    let nameStart: Int32
    let nameCount: Int32

    @inline(__always) var isPointer: Bool { bits & FieldBits.pointer != 0 }
    @inline(__always) var omitEmpty: Bool { bits & FieldBits.omitEmpty != 0 }
    @inline(__always) var hasOmitZero: Bool { bits & FieldBits.omitZero != 0 }
    @inline(__always) var isInline: Bool { bits & FieldBits.inline != 0 }
    @inline(__always) var isJSONSkip: Bool { bits & FieldBits.jsonSkip != 0 }
    @inline(__always) var isWrapped: Bool { bits & FieldBits.wrapped != 0 }

    init(_ f: Field, nameStart: Int32) {
        number = Int32(f.number)
        cardinality = f.cardinality
        bits = FieldBits.of(f.flags)
        wireMask = Self.acceptedWireTypes(f)
        element = f.element
        self.nameStart = nameStart
        nameCount = Int32(f.jsonNameUTF8.count)
    }

    private init(number: Int32, cardinality: Cardinality, bits: UInt8, wireMask: UInt8, element: Element, nameStart: Int32, nameCount: Int32) {
        self.number = number
        self.cardinality = cardinality
        self.bits = bits
        self.wireMask = wireMask
        self.element = element
        self.nameStart = nameStart
        self.nameCount = nameCount
    }

    /// The flags as they apply to one map value: the map's own omitempty does not.
    var asMapValue: FlatField {
        FlatField(number: number, cardinality: .single, bits: bits & ~(FieldBits.omitEmpty | FieldBits.omitZero),
                  wireMask: wireMask, element: element, nameStart: nameStart, nameCount: nameCount)
    }

    /// The wire types that are a valid encoding of the field (packed repeated scalars accepted).
    static func acceptedWireTypes(_ f: Field) -> UInt8 {
        let single: WireType
        if f.cardinality == .map || f.flags.contains(.wrapped) {
            single = .lengthDelimited
        } else {
            switch f.element {
            case .int32, .int64, .bool: single = .varint
            case .float64: single = .fixed64
            default: single = .lengthDelimited
            }
        }
        var mask: UInt8 = 1 << single.rawValue
        if f.cardinality == .list && single != .lengthDelimited { mask |= 1 << WireType.lengthDelimited.rawValue }
        return mask
    }
}

/// `FieldFlags` as bits local to this module (see FlatField).
enum FieldBits {
    static let pointer: UInt8 = 1
    static let omitEmpty: UInt8 = 2
    static let omitZero: UInt8 = 4
    static let inline: UInt8 = 8
    static let jsonSkip: UInt8 = 16
    static let wrapped: UInt8 = 32

    static func of(_ flags: FieldFlags) -> UInt8 {
        var b: UInt8 = 0
        if flags.contains(.pointer) { b |= pointer }
        if flags.contains(.omitEmpty) { b |= omitEmpty }
        if flags.contains(.omitZero) { b |= omitZero }
        if flags.contains(.inline) { b |= inline }
        if flags.contains(.jsonSkip) { b |= jsonSkip }
        if flags.contains(.wrapped) { b |= wrapped }
        return b
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
    /// Each field's JSON name as a String, parallel to `fields`, for decoding into `JSONValue`.
    let fieldNames: [String]

    init(_ schema: Schema) {
        self.schema = schema
        var types: [FlatType] = []
        var fields: [FlatField] = []
        var slots: [Int16] = []
        var names: [UInt8] = []
        var nodes: [YAMLLayout.Node] = []
        var members: [YAMLLayout.Member] = []
        var fieldStarts: [Int32] = []
        var next: Int32 = 0
        for t in schema.types {
            fieldStarts.append(next)
            next += Int32(t.fields.count)
        }
        for (ti, t) in schema.types.enumerated() {
            let layout = YAMLLayout(schema: schema, type: Int32(ti))
            types.append(FlatType(fieldStart: Int32(fields.count), fieldCount: Int32(t.fields.count),
                                  slotStart: Int32(slots.count), slotCount: Int32(t.slotByNumber.count),
                                  nodeStart: Int32(nodes.count), nodeCount: Int32(layout.nodes.count),
                                  memberStart: Int32(members.count), memberCount: Int32(layout.members.count)))
            for f in t.fields {
                // Laid out as `"name": ` so JSON writes a key with one copy; the bare name is inside.
                names.append(0x22)
                fields.append(FlatField(f, nameStart: Int32(names.count)))
                names += f.jsonNameUTF8
                names += [0x22, 0x3A, 0x20]
            }
            slots += t.slotByNumber
            nodes += layout.nodes
            members += layout.members.map { m in
                var m = m
                m.flatField = fieldStarts[Int(layout.nodes[Int(m.node)].type)] + Int32(m.field)
                return m
            }
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
        self.fieldNames = fields.map { f in
            String(decoding: UnsafeBufferPointer(start: nameBase + Int(f.nameStart), count: Int(f.nameCount)), as: UTF8.self)
        }
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

    /// The field's name as a JSON key, `"name": ` (see CompiledSchema.init).
    @inline(__always)
    func quotedName(_ f: FlatField) -> UnsafePointer<UInt8> {
        UnsafePointer(names + Int(f.nameStart) - 1)
    }

    @inline(__always)
    func slot(_ type: Int32, number: Int) -> Int {
        let t = types[Int(type)]
        return number < Int(t.slotCount) ? Int(slots[Int(t.slotStart) + number]) : -1
    }
}
