import GoJSON
import KubeSchema
import ProtoWire

/// Encodes an ordered JSON value (parsed from JSON or YAML) into the protobuf bytes kube-apiserver
/// writes: fields by ascending number, presence by Go pointer-ness, maps sorted, repeated scalars
/// unpacked, Time as seconds + zero nanos.
struct ProtoEncoder {
    let schema: Schema
    let names: [JSONNameTable]
    /// YAML input: sigs.k8s.io/yaml turns plain scalars like `yes` or `80` into JSON bools and
    /// numbers, then converts them back to strings where the Go field is a string.
    let lenientScalars: Bool
    var path: [PathElement] = []
    /// The member values of every message being encoded, innermost last (one allocation for
    /// the whole object instead of one per message).
    private var slots: [JSONValue?] = []
    /// The previous version's encoding, for top-level fields and managedFields entries that did
    /// not change.
    var previous: PreviousEncoding?
    /// Set just before the top-level metadata is encoded, so that its message knows it is the one.
    private var nextIsTopMetadata = false
    private var topMetadataNumber = 0

    enum PathElement {
        case key(String)
        case index(Int)
        /// A schema field, named only when an error is reported.
        case field(type: Int32, index: Int)
    }

    init(schema: Schema, names: [JSONNameTable], lenientScalars: Bool) {
        self.schema = schema
        self.names = names
        self.lenientScalars = lenientScalars
    }

    var pathText: String {
        var s = ""
        for p in path {
            switch p {
            case .key(let k): s += s.isEmpty ? k : "." + k
            case .field(let type, let index):
                let k = schema.types[Int(type)].fields[index].jsonName
                s += s.isEmpty ? k : "." + k
            case .index(let i): s += "[\(i)]"
            }
        }
        return s.isEmpty ? "(top level)" : s
    }

    func error(_ message: String, _ kind: CodecError.Kind = .wrongType) -> CodecError {
        CodecError(kind, "\(pathText): \(message)")
    }

    static func describe(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .number(let n): return n
        case .string(let s): return "\"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    // MARK: messages

    mutating func message(_ type: Int32, _ value: JSONValue, into w: inout WireWriter, topLevel: Bool = false) throws(CodecError) {
        let members: [JSONMember]
        switch value {
        case .object(let m): members = m
        case .null: members = []
        default: throw error("expected object, got \(Self.describe(value))")
        }
        try message(type, members: members, into: &w, topLevel: topLevel)
    }

    mutating func message(_ type: Int32, members: [JSONMember], into w: inout WireWriter, topLevel: Bool) throws(CodecError) {
        let isTopMetadata = nextIsTopMetadata
        nextIsTopMetadata = false
        let t = schema.types[Int(type)]
        let table = names[Int(type)]
        let base = slots.count
        slots.append(contentsOf: repeatElement(nil, count: t.fields.count))
        defer { slots.removeSubrange(base...) }
        var inlineMembers: [Int: [JSONMember]] = [:]
        var cursor = 0
        for m in members {
            // Members mostly come in struct order with absent ones skipped: look ahead from the
            // last match (cheap comparisons of short names) before hashing.
            var found: JSONNameTable.Target?
            var probe = cursor
            while probe < table.ordered.count {
                if table.ordered[probe].name == m.key {
                    found = table.ordered[probe].target
                    cursor = probe + 1
                    break
                }
                probe += 1
            }
            if found == nil { found = table.byName[m.key] }
            guard let target = found else {
                path.append(.key(m.key))
                defer { path.removeLast() }
                throw error("unknown field \"\(m.key)\" in \(t.shortName)", .unknownField)
            }
            if target.inner >= 0 {
                inlineMembers[Int(target.field), default: []].append(JSONMember(m.key, m.value))
            } else {
                slots[base + Int(target.field)] = m.value  // duplicate keys: the last wins, as in Go
            }
        }
        for fi16 in t.wireOrder {
            let fi = Int(fi16)
            let f = table.wire[fi]
            if f.isInline {
                guard case .message(let child) = f.element else { continue }
                let token = w.beginMessage(f.number)
                try message(child, members: inlineMembers[fi] ?? [], into: &w, topLevel: false)
                w.endMessage(token)
                continue
            }
            // An absent member writes at most a zero value and cannot fail: no path needed.
            guard let value = slots[base + fi] else {
                try field(f, nil, into: &w)
                continue
            }
            if topLevel, let previous, f.cardinality == .single, case .message = f.element, t.fields[fi].jsonName != "metadata",
               let old = previous.unchanged(t.fields[fi].jsonName, number: f.number, value: value) {
                w.bytes.append(contentsOf: old)
                continue
            }
            path.append(.field(type: type, index: fi))
            defer { path.removeLast() }
            if isTopMetadata, let previous, f.cardinality == .list, t.fields[fi].jsonName == "managedFields",
               case .array(let entries) = value {
                try managedFields(entries, f, previous, into: &w)
                continue
            }
            if topLevel && t.fields[fi].jsonName == "metadata" {
                nextIsTopMetadata = true
                topMetadataNumber = f.number
            }
            try field(f, value, into: &w)
            nextIsTopMetadata = false
        }
    }

    /// metadata.managedFields of an update: an entry equal to one of the previous version's
    /// (usually every manager's but the writer's) is copied, its FieldsV1 not serialised again.
    mutating func managedFields(_ entries: [JSONValue], _ f: WireField, _ previous: PreviousEncoding,
                                into w: inout WireWriter) throws(CodecError) {
        let old = previous.managedFieldsEntries(metadataNumber: topMetadataNumber, managedFieldsNumber: f.number)
        for (i, entry) in entries.enumerated() {
            if let match = old.first(where: { $0.value == entry }) {
                w.bytes.append(contentsOf: previous.stored[match.bytes])
                continue
            }
            path.append(.index(i))
            defer { path.removeLast() }
            try element(f.element, number: f.number, entry, into: &w)
        }
    }

    mutating func field(_ f: WireField, _ value: JSONValue?, into w: inout WireWriter) throws(CodecError) {
        let v = value ?? .null
        switch f.cardinality {
        case .list:
            guard case .array(let items) = v else {
                if case .null = v { return }
                throw error("expected array, got \(Self.describe(v))")
            }
            for (i, item) in items.enumerated() {
                path.append(.index(i))
                defer { path.removeLast() }
                try element(f.element, number: f.number, item, into: &w)
            }
        case .map:
            guard case .object(let entries) = v else {
                if case .null = v { return }
                throw error("expected object, got \(Self.describe(v))")
            }
            // Go map semantics: one value per key (the last), written sorted by key bytes.
            var byKey: [String: JSONValue] = [:]
            for e in entries { byKey[e.key] = e.value }
            let keys = byKey.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for key in keys {
                path.append(.key(key))
                defer { path.removeLast() }
                let entry = w.beginMessage(f.number)
                w.writeString(1, key)
                let mv = byKey[key] ?? .null
                if f.isWrapped {
                    try wrappedList(f.element, number: 2, mv, into: &w, writeWhenNull: true)
                } else if f.element == .bytes, case .null = mv {
                    // a nil []byte value is not written
                } else {
                    try element(f.element, number: 2, mv, into: &w)
                }
                w.endMessage(entry)
            }
        case .single:
            if f.isWrapped {
                try wrappedList(f.element, number: f.number, v, into: &w, writeWhenNull: false)
                return
            }
            if case .null = v {
                // Absent or null: pointers, slices and []byte stay nil (not written); non-pointer
                // values are Go zero values, which gogo always writes.
                if f.isPointer || f.element == .bytes { return }
                switch f.element {
                case .rawExtension, .fieldsV1, .json, .unknown, .propsOrArray, .propsOrBool, .propsOrStringArray:
                    // Non-pointer wrappers of raw bytes: the zero value is an empty message.
                    let token = w.beginMessage(f.number)
                    w.endMessage(token)
                    return
                default:
                    break
                }
            }
            try element(f.element, number: f.number, v, into: &w)
        }
    }

    mutating func wrappedList(_ e: Element, number: Int, _ v: JSONValue, into w: inout WireWriter, writeWhenNull: Bool) throws(CodecError) {
        let items: [JSONValue]
        switch v {
        case .array(let a): items = a
        case .null:
            if !writeWhenNull { return }
            items = []
        default: throw error("expected array, got \(Self.describe(v))")
        }
        let token = w.beginMessage(number)
        for (i, item) in items.enumerated() {
            path.append(.index(i))
            defer { path.removeLast() }
            try element(e, number: 1, item, into: &w)
        }
        w.endMessage(token)
    }

    // MARK: elements

    mutating func element(_ e: Element, number: Int, _ v: JSONValue, into w: inout WireWriter) throws(CodecError) {
        switch e {
        case .string:
            w.writeString(number, try string(v))
        case .int32:
            let n = try integer(v, min: Int64(Int32.min), max: Int64(Int32.max))
            w.writeInt(number, n)
        case .int64:
            w.writeInt(number, try integer(v, min: Int64.min, max: Int64.max))
        case .bool:
            w.writeBool(number, try bool(v))
        case .float64:
            w.writeFixed64(number, try double(v).bitPattern)
        case .bytes:
            if case .null = v { w.writeBytes(number, [UInt8]()); return }
            guard case .string(let s) = v else { throw error("expected base64 string, got \(Self.describe(v))") }
            guard let data = Base64.decode(s) else { throw error("invalid base64 data") }
            w.writeBytes(number, data)
        case .message(let t):
            let token = w.beginMessage(number)
            try message(t, v, into: &w)
            w.endMessage(token)
        case .time, .microTime:
            let token = w.beginMessage(number)
            switch v {
            case .null: break
            case .string(let s):
                guard let (seconds, nanos) = TimeParsing.parseRFC3339(s) else {
                    throw error("invalid time \"\(s)\": expected RFC 3339 like 2006-01-02T15:04:05Z", .invalidValue)
                }
                w.writeInt(1, seconds)
                w.writeInt(2, e == .microTime ? nanos / 1000 * 1000 : 0)
            default:
                throw error("expected time string, got \(Self.describe(v))")
            }
            w.endMessage(token)
        case .duration:
            let token = w.beginMessage(number)
            var ns: Int64 = 0
            switch v {
            case .null: break
            case .string(let s):
                guard let d = TimeParsing.parseDuration(s) else { throw error("invalid duration \"\(s)\"", .invalidValue) }
                ns = d
            default: throw error("expected duration string, got \(Self.describe(v))")
            }
            w.writeInt(1, ns)
            w.endMessage(token)
        case .quantity:
            let token = w.beginMessage(number)
            let text: String
            switch v {
            case .null: text = "0"
            case .string(let s): text = s
            case .number(let n): text = n
            default: throw error("expected quantity, got \(Self.describe(v))")
            }
            do {
                w.writeString(1, try canonicalQuantity(text))
            } catch {
                throw self.error("invalid quantity \"\(text)\": \(error)", .invalidValue)
            }
            w.endMessage(token)
        case .intOrString:
            let token = w.beginMessage(number)
            switch v {
            case .string(let s):
                w.writeInt(1, 1); w.writeInt(2, 0); w.writeString(3, s)
            case .number, .null:
                let n = case_null(v) ? 0 : try integer(v, min: Int64(Int32.min), max: Int64(Int32.max))
                w.writeInt(1, 0); w.writeInt(2, n); w.writeString(3, "")
            default:
                throw error("expected integer or string, got \(Self.describe(v))")
            }
            w.endMessage(token)
        case .rawExtension, .fieldsV1, .json, .unknown:
            let token = w.beginMessage(number)
            if !case_null(v) {
                var raw: [UInt8] = []
                JSONWriter.compact(v, into: &raw)
                w.writeBytes(e == .unknown ? 2 : 1, raw)
            }
            w.endMessage(token)
        case .propsOrArray(let t):
            let token = w.beginMessage(number)
            switch v {
            case .array(let items):
                for (i, item) in items.enumerated() {
                    path.append(.index(i))
                    defer { path.removeLast() }
                    let m = w.beginMessage(2)
                    try message(t, item, into: &w)
                    w.endMessage(m)
                }
            case .object:
                let m = w.beginMessage(1)
                try message(t, v, into: &w)
                w.endMessage(m)
            case .null: break
            default: throw error("expected schema object or array, got \(Self.describe(v))")
            }
            w.endMessage(token)
        case .propsOrBool(let t):
            let token = w.beginMessage(number)
            switch v {
            case .bool(let b): w.writeBool(1, b)
            case .object:
                w.writeBool(1, true)
                let m = w.beginMessage(2)
                try message(t, v, into: &w)
                w.endMessage(m)
            case .null: w.writeBool(1, false)
            default: throw error("expected boolean or schema object, got \(Self.describe(v))")
            }
            w.endMessage(token)
        case .propsOrStringArray(let t):
            let token = w.beginMessage(number)
            switch v {
            case .array(let items):
                for (i, item) in items.enumerated() {
                    path.append(.index(i))
                    defer { path.removeLast() }
                    w.writeString(2, try string(item))
                }
            case .object:
                let m = w.beginMessage(1)
                try message(t, v, into: &w)
                w.endMessage(m)
            case .null: break
            default: throw error("expected schema object or string array, got \(Self.describe(v))")
            }
            w.endMessage(token)
        }
    }

    func case_null(_ v: JSONValue) -> Bool {
        if case .null = v { return true }
        return false
    }

    func string(_ v: JSONValue) throws(CodecError) -> String {
        switch v {
        case .string(let s): return s
        case .null: return ""
        case .bool(let b) where lenientScalars: return b ? "true" : "false"
        case .number(let n) where lenientScalars: return n
        default: throw error("expected string, got \(Self.describe(v))")
        }
    }

    func integer(_ v: JSONValue, min: Int64, max: Int64) throws(CodecError) -> Int64 {
        switch v {
        case .null: return 0
        case .number(let text):
            if let n = Int64(text) {
                guard n >= min && n <= max else { throw error("integer \(text) out of range", .invalidValue) }
                return n
            }
            if lenientScalars, let d = Double(text), d.rounded() == d, d >= Double(min), d <= Double(max) { return Int64(d) }
            throw error("expected integer, got \(text)")
        default:
            throw error("expected integer, got \(Self.describe(v))")
        }
    }

    func bool(_ v: JSONValue) throws(CodecError) -> Bool {
        switch v {
        case .bool(let b): return b
        case .null: return false
        default: throw error("expected boolean, got \(Self.describe(v))")
        }
    }

    func double(_ v: JSONValue) throws(CodecError) -> Double {
        switch v {
        case .number(let text):
            guard let d = Double(text), d.isFinite else { throw error("invalid number \(text)", .invalidValue) }
            return d
        case .null: return 0
        default: throw error("expected number, got \(Self.describe(v))")
        }
    }
}
