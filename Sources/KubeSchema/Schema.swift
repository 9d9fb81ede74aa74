/// What one value of a field is, after containers (list/map/named-slice wrapper) are peeled off.
/// Not indirect: message references are indices, so matching on it costs nothing on the hot path.
public enum Element: Equatable, Sendable {
    case string, int32, int64, bool, float64, bytes
    case message(Int32)
    /// metav1.Time: proto {1 seconds}, JSON RFC 3339 seconds, zero = empty message = null.
    case time
    /// metav1.MicroTime: like Time with microseconds.
    case microTime
    /// metav1.Duration: proto {1 int64 ns}, JSON Go duration string.
    case duration
    /// resource.Quantity: proto {1 string}, JSON canonical string, zero = "0".
    case quantity
    /// intstr.IntOrString: proto {1 type, 2 intVal, 3 strVal}.
    case intOrString
    /// runtime.RawExtension: proto {1 raw}, JSON the raw JSON itself.
    case rawExtension
    /// metav1.FieldsV1: proto {1 Raw}, JSON the raw JSON itself.
    case fieldsV1
    /// apiextensions JSON: proto {1 raw}, JSON the raw JSON itself.
    case json
    /// runtime.Unknown (only as the envelope).
    case unknown
    /// apiextensions JSONSchemaPropsOr*: the payload is the JSONSchemaProps message index.
    case propsOrArray(Int32)
    case propsOrBool(Int32)
    case propsOrStringArray(Int32)

    /// The protobuf wire type a single value of this element uses.
    @inlinable public var isVarint: Bool {
        switch self {
        case .int32, .int64, .bool: return true
        default: return false
        }
    }

    /// Scalars that a repeated field may carry packed in one length-delimited value.
    @inlinable public var isPackable: Bool {
        switch self {
        case .int32, .int64, .bool, .float64: return true
        default: return false
        }
    }

    @inlinable public var isFloat64: Bool {
        if case .float64 = self { return true }
        return false
    }

    @inlinable public var isTimestamp: Bool {
        switch self {
        case .time, .microTime: return true
        default: return false
        }
    }

    @inlinable public var isMicroTime: Bool {
        if case .microTime = self { return true }
        return false
    }
}

public enum Cardinality: UInt8, Sendable {
    case single
    /// A Go slice: one protobuf field per element.
    case list
    /// A Go map with string keys: one entry message {1 key, 2 value} per key.
    case map
}

public struct FieldFlags: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// The Go field is a pointer: present on the wire only when non-nil; JSON null when nil.
    public static let pointer = FieldFlags(rawValue: 1)
    public static let omitEmpty = FieldFlags(rawValue: 2)
    /// `omitzero` (only ObjectMeta.creationTimestamp, and only from Kubernetes 1.34).
    public static let omitZero = FieldFlags(rawValue: 4)
    /// An embedded struct whose members are flattened into the parent's JSON.
    public static let inline = FieldFlags(rawValue: 8)
    /// `json:"-"`: on the wire but never in JSON.
    public static let jsonSkip = FieldFlags(rawValue: 16)
    /// The value is a named slice that go-to-protobuf wraps in its own message {1 repeated items}.
    public static let wrapped = FieldFlags(rawValue: 32)
}

public struct Field: Sendable {
    public let jsonName: String
    /// `jsonName` as UTF-8, so emitters can write it without touching String.
    public let jsonNameUTF8: [UInt8]
    /// 0 when the field is not on the wire (TypeMeta, JSON-only fields).
    public let number: Int
    public let cardinality: Cardinality
    public let element: Element
    public let flags: FieldFlags

    public init(jsonName: String, number: Int, cardinality: Cardinality, element: Element, flags: FieldFlags) {
        self.jsonName = jsonName
        self.jsonNameUTF8 = Array(jsonName.utf8)
        self.number = number
        self.cardinality = cardinality
        self.element = element
        self.flags = flags
    }

    @inlinable public var isPointer: Bool { flags.contains(.pointer) }
    @inlinable public var omitEmpty: Bool { flags.contains(.omitEmpty) }
    @inlinable public var isInline: Bool { flags.contains(.inline) }
    @inlinable public var isWrapped: Bool { flags.contains(.wrapped) }
}

public struct MessageType: Sendable {
    /// Full Go name, e.g. `k8s.io/api/core/v1.PodSpec`.
    public let name: String
    /// Fields in Go declaration order (= JSON order).
    public let fields: [Field]
    /// Field number → index in `fields` (-1 where none). Sized to the largest number + 1.
    public let slotByNumber: [Int16]
    /// Indices of `fields` in ascending field number (= protobuf write order), wire fields only.
    public let wireOrder: [Int16]

    public init(name: String, fields: [Field]) {
        self.name = name
        self.fields = fields
        let maxNumber = fields.map(\.number).max() ?? 0
        var slots = [Int16](repeating: -1, count: maxNumber + 1)
        for (i, f) in fields.enumerated() where f.number > 0 { slots[f.number] = Int16(i) }
        self.slotByNumber = slots
        self.wireOrder = fields.indices.filter { fields[$0].number > 0 }
            .sorted { fields[$0].number < fields[$1].number }.map { Int16($0) }
    }

    @inlinable
    public func slot(forNumber n: Int) -> Int {
        n < slotByNumber.count ? Int(slotByNumber[n]) : -1
    }

    /// Short name for messages: `v1.PodSpec`.
    public var shortName: String {
        guard let slash = name.lastIndex(of: "/") else { return name }
        return String(name[name.index(after: slash)...])
    }
}

public struct KindKey: Hashable, Sendable {
    public let apiVersion: String
    public let kind: String
    public init(apiVersion: String, kind: String) {
        self.apiVersion = apiVersion
        self.kind = kind
    }
}

/// The whole Kubernetes API schema: every message type reachable from a kind, and the kinds.
public struct Schema: Sendable {
    public let types: [MessageType]
    public let kinds: [KindKey: Int32]

    public init(types: [MessageType], kinds: [KindKey: Int32]) {
        self.types = types
        self.kinds = kinds
    }

    public func type(apiVersion: String, kind: String) -> Int32? {
        kinds[KindKey(apiVersion: apiVersion, kind: kind)]
    }

    public func typeIndex(named name: String) -> Int32? {
        types.firstIndex(where: { $0.name == name }).map(Int32.init)
    }

    /// The schema built into the tool, parsed once on first use.
    public static let builtIn: Schema = {
        do {
            return try SchemaLoader.parse(SchemaData.text)
        } catch {
            fatalError("built-in schema table is corrupt: \(error)")  // a build defect, not user input
        }
    }()
}
