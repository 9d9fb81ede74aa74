import GoJSON
import KubeSchema
import ProtoWire

/// Transcodes a protobuf message straight to Go-style JSON, driven by the schema table: as text
/// (`JSONOutput`) or as the `JSONValue` that parsing that text would give (`JSONValueBuilder`).
/// Fields come out in Go struct order with Go's omitempty rules; nothing is materialised in between.
struct ProtoToJSON<Sink: JSONSink> {
    let tables: SchemaTables
    let omitZero: Bool
    let base: UnsafePointer<UInt8>
    var out: Sink
    var stack = IndexStack()
    /// Map entries being sorted, as a stack shared by nested maps.
    var entries: [MapEntry] = []

    init(compiled: CompiledSchema, options: DecodeOptions, base: UnsafePointer<UInt8>, sink: Sink) {
        self.tables = SchemaTables(compiled)
        self.omitZero = options.kubeVersion.omitsZeroCreationTimestamp
        self.base = base
        self.out = sink
    }

    /// The whole object: `typeMeta` fills the inline TypeMeta (kind, apiVersion) of the top level.
    mutating func writeObject(type: Int32, range: Range<Int>, kind: String, apiVersion: String) throws(CodecError) {
        let m = try stack.index(tables, type: type, base: base, range: range)
        out.beginObject()
        try writeMembers(m, typeMeta: (kind, apiVersion))
        out.endObject()
        stack.pop(m)
    }

    mutating func writeMessage(_ type: Int32, _ range: Range<Int>) throws(CodecError) {
        let m = try stack.index(tables, type: type, base: base, range: range)
        out.beginObject()
        try writeMembers(m, typeMeta: nil)
        out.endObject()
        stack.pop(m)
    }

    mutating func writeMembers(_ m: IndexedMessage, typeMeta: (String, String)?) throws(CodecError) {
        let t = tables.types[Int(m.type)]
        for fi in 0..<Int(t.fieldCount) {
            let f = tables.fields[Int(t.fieldStart) + fi]
            if f.isJSONSkip { continue }
            if f.isInline {
                guard case .message(let childType) = f.element else { continue }
                if f.number == 0 {
                    if let (kind, apiVersion) = typeMeta { writeTypeMeta(childType, kind: kind, apiVersion: apiVersion) }
                    continue
                }
                let tail = stack.tail(m, fi)
                let range = tail >= 0 ? stack.occurrence(tail).start..<stack.occurrence(tail).end : 0..<0
                let child = try stack.index(tables, type: childType, base: base, range: range)
                try writeMembers(child, typeMeta: nil)
                stack.pop(child)
                continue
            }
            try writeField(f, m, fi)
        }
    }

    mutating func writeTypeMeta(_ type: Int32, kind: String, apiVersion: String) {
        let t = tables.types[Int(type)]
        for fi in 0..<Int(t.fieldCount) {
            let f = tables.fields[Int(t.fieldStart) + fi]
            let name = tables.name(f)
            var value = name.elementsEqual("kind".utf8) ? kind : name.elementsEqual("apiVersion".utf8) ? apiVersion : ""
            if value.isEmpty && f.omitEmpty { continue }
            out.key(tables, f, index: Int(t.fieldStart) + fi)
            value.withUTF8 { out.string($0) }
        }
    }

    mutating func writeField(_ f: FlatField, _ m: IndexedMessage, _ fi: Int) throws(CodecError) {
        let presence = FieldPresence.of(f, m, fi, stack, omitZero: omitZero)
        @inline(__always) func key(_ f: FlatField) { out.key(tables, f, index: Int(tables.types[Int(m.type)].fieldStart) + fi) }
        switch presence {
        case .omit:
            return
        case .zero(let z):
            key(f)
            writeZero(z)
        case .emptyStruct(let t):
            key(f)
            try writeMessage(t, 0..<0)
        case .value(let occ):
            key(f)
            try writeElement(f.element, occ)
        case .wrapped(let occ):
            key(f)
            try writeWrappedList(f.element, occ.start..<occ.end)
        case .list(let head):
            key(f)
            try writeList(f.element, first: head)
        case .map(let head):
            key(f)
            try writeMap(f, first: head)
        }
    }

    mutating func writeZero(_ z: FieldPresence.ZeroValue) {
        switch z {
        case .null: out.raw("null")
        case .emptyString: out.raw("\"\"")
        case .zeroNumber: out.raw("0")
        case .falseValue: out.raw("false")
        case .quantity: out.raw("\"0\"")
        case .duration: out.raw("\"0s\"")
        }
    }

    mutating func writeList(_ e: Element, first: Int32) throws(CodecError) {
        out.beginArray()
        var i = first
        while i >= 0 {
            let occ = stack.occurrence(i)
            if occ.wire == .lengthDelimited && e.isPackable {
                try writePacked(e, occ.start..<occ.end)
            } else {
                out.element()
                try writeElement(e, occ)
            }
            i = occ.next
        }
        out.endArray()
    }

    mutating func writePacked(_ e: Element, _ range: Range<Int>) throws(CodecError) {
        var r = WireReader(base: base, from: range.lowerBound, to: range.upperBound)
        while !r.isAtEnd {
            let v: UInt64
            do throws(WireError) {
                v = e.isFloat64 ? try r.readFixed64() : try r.readVarint()
            } catch {
                throw CodecError.wire(error, in: "packed repeated field")
            }
            out.element()
            try writeElement(e, Occurrence(next: -1, wire: e.isFloat64 ? .fixed64 : .varint, start: 0, end: 0, value: v))
        }
    }

    /// A named slice wrapped in its own message {1: repeated items}.
    mutating func writeWrappedList(_ e: Element, _ range: Range<Int>) throws(CodecError) {
        out.beginArray()
        for occ in try MapEntry.wrappedItems(e, base: base, range: range) {
            out.element()
            try writeElement(e, occ)
        }
        out.endArray()
    }

    mutating func writeMap(_ f: FlatField, first: Int32) throws(CodecError) {
        let start = entries.count
        defer { entries.removeSubrange(start...) }
        try MapEntry.collect(f, first: first, stack: stack, base: base, into: &entries)
        out.beginObject()
        for k in start..<entries.count {
            let entry = entries[k]
            out.key(escaping: UnsafeBufferPointer(start: base + entry.keyStart, count: entry.keyEnd - entry.keyStart))
            try writeMapValue(f, entry)
        }
        out.endObject()
    }

    mutating func writeMapValue(_ f: FlatField, _ entry: MapEntry) throws(CodecError) {
        if f.isWrapped {
            if entry.hasValue { try writeWrappedList(f.element, entry.valueStart..<entry.valueEnd) } else { out.raw("null") }
            return
        }
        if !entry.hasValue {
            switch FieldPresence.absent(f.asMapValue, omitZero: false) {
            case .emptyStruct(let t): try writeMessage(t, 0..<0)
            case .zero(let z): writeZero(z)
            default: out.raw("null")
            }
            return
        }
        try writeElement(f.element, Occurrence(next: -1, wire: entry.valueWire, start: entry.valueStart, end: entry.valueEnd, value: entry.value))
    }

    @inline(__always)
    func bytes(_ occ: Occurrence) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + occ.start, count: occ.end - occ.start)
    }

    mutating func writeElement(_ e: Element, _ occ: Occurrence) throws(CodecError) {
        switch e {
        case .string:
            out.string(bytes(occ))
        case .int32:
            out.int(Int64(Int32(truncatingIfNeeded: occ.value)))
        case .int64:
            out.int(Int64(bitPattern: occ.value))
        case .bool:
            occ.value != 0 ? out.raw("true") : out.raw("false")
        case .float64:
            let d = Double(bitPattern: occ.value)
            guard d.isFinite else { throw CodecError(.invalidValue, "unsupported float value \(d)") }
            var s = goFormatFloat64(d)
            s.withUTF8 { out.number(ascii: $0) }
        case .bytes:
            out.quotedBase64(bytes(occ))
        case .message(let t):
            try writeMessage(t, occ.start..<occ.end)
        case .time, .microTime:
            if occ.start == occ.end { out.raw("null"); return }
            let (seconds, nanos) = try SpecialValues.timestamp(base: base, range: occ.start..<occ.end)
            guard out.quotedTime(seconds: seconds, nanos: e.isMicroTime ? nanos : 0, micro: e.isMicroTime) else {
                throw CodecError(.invalidValue, "time \(seconds)s is outside the years 0-9999 that Kubernetes can print")
            }
        case .duration:
            let ns = try SpecialValues.duration(base: base, range: occ.start..<occ.end)
            var s = ValueFormats.duration(ns)
            s.withUTF8 { out.string($0) }
        case .quantity:
            let q = try SpecialValues.quantity(base: base, range: occ.start..<occ.end)
            if q.isEmpty { out.raw("\"0\"") } else { out.string(q) }
        case .intOrString:
            let v = try SpecialValues.intOrString(base: base, range: occ.start..<occ.end)
            if v.isString { out.string(v.string) } else { out.int(Int64(v.int)) }
        case .rawExtension, .fieldsV1, .json, .unknown:
            let raw = try SpecialValues.rawBytes(base: base, range: occ.start..<occ.end, field: e == .unknown ? 2 : 1)
            guard let raw, raw.count > 0 else { out.raw("null"); return }
            try out.embeddedJSON(raw)
        case .propsOrArray(let t):
            let v = try SpecialValues.propsOrArray(base: base, range: occ.start..<occ.end)
            if !v.schemas.isEmpty {
                out.beginArray()
                for r in v.schemas { out.element(); try writeMessage(t, r) }
                out.endArray()
            } else if let s = v.schema {
                try writeMessage(t, s)
            } else {
                out.raw("null")
            }
        case .propsOrBool(let t):
            let v = try SpecialValues.propsOrBool(base: base, range: occ.start..<occ.end)
            if let s = v.schema { try writeMessage(t, s) } else { v.allows ? out.raw("true") : out.raw("false") }
        case .propsOrStringArray(let t):
            let v = try SpecialValues.propsOrStringArray(base: base, range: occ.start..<occ.end)
            if !v.property.isEmpty {
                out.beginArray()
                for r in v.property { out.element(); out.string(UnsafeBufferPointer(start: base + r.lowerBound, count: r.count)) }
                out.endArray()
            } else if let s = v.schema {
                try writeMessage(t, s)
            } else {
                out.raw("null")
            }
        }
    }
}
