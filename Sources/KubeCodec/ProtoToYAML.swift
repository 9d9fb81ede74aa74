import GoJSON
import GoYAML
import KubeSchema
import ProtoWire

/// Transcodes a protobuf message straight to YAML as `sigs.k8s.io/yaml` prints the object's JSON:
/// every mapping's keys in go-yaml order, values as go-yaml renders the JSON values.
struct ProtoToYAML: ~Copyable {
    let tables: SchemaTables
    let omitZero: Bool
    let base: UnsafePointer<UInt8>
    var out: YAMLEmitter
    var stack = IndexStack()
    var entries: [MapEntry] = []
    /// Indexed inline nodes of the messages being printed (see YAMLLayout.Node).
    var nodes = RawStack<IndexedMessage>(capacity: 64)
    var scratch: [UInt8] = []
    /// The envelope's TypeMeta, printed for the top-level object's off-wire members.
    var kind = ""
    var apiVersion = ""

    init(compiled: CompiledSchema, options: DecodeOptions, base: UnsafePointer<UInt8>, capacity: Int) {
        self.tables = SchemaTables(compiled)
        self.omitZero = options.kubeVersion.omitsZeroCreationTimestamp
        self.base = base
        self.out = YAMLEmitter(reservingCapacity: capacity)
        scratch.reserveCapacity(64)
    }

    deinit {
        stack.deallocate()
        nodes.deallocate()
    }

    /// The whole object: its TypeMeta members come from the envelope.
    mutating func writeObject(_ type: Int32, _ range: Range<Int>, kind: String, apiVersion: String) throws(CodecError) {
        self.kind = kind
        self.apiVersion = apiVersion
        try writeMessage(type, range, topLevel: true)
    }

    mutating func writeMessage(_ type: Int32, _ range: Range<Int>, topLevel: Bool = false) throws(CodecError) {
        let t = tables.types[Int(type)]
        let layoutNodes = tables.nodes + Int(t.nodeStart)
        let layoutMembers = tables.members + Int(t.memberStart)
        let nodeBase = nodes.count
        let root = try stack.index(tables, type: type, base: base, range: range)
        nodes.push(root)
        defer {
            nodes.pop(to: nodeBase)
            stack.pop(root)
        }
        // Index the inline structs the layout flattens into this mapping.
        var k = 1
        while k < Int(t.nodeCount) {
            let n = layoutNodes[k]
            k += 1
            if n.offWire {
                nodes.push(root)  // placeholder: TypeMeta members come from the envelope
                continue
            }
            let parent = nodes[nodeBase + Int(n.parent)]
            let tail = stack.tail(parent, Int(n.field))
            let r = tail >= 0 ? stack.occurrence(tail).start..<stack.occurrence(tail).end : 0..<0
            nodes.push(try stack.index(tables, type: n.type, base: base, range: r))
        }

        // The mapping is opened at its first present member, so `{}` needs no separate pass.
        var opened = false
        for j in 0..<Int(t.memberCount) {
            let member = layoutMembers[j]
            let fieldIndex = Int(member.flatField)
            let f = tables.fields[fieldIndex]
            if member.offWire {
                guard topLevel else { continue }
                let text = member.typeMeta == .kind ? kind : member.typeMeta == .apiVersion ? apiVersion : ""
                if text.isEmpty && f.omitEmpty { continue }
                if !opened {
                    out.beginMapping()
                    opened = true
                }
                out.key(tables.name(f), prepared: tables.yamlKeys[fieldIndex])
                out.string(text)
                continue
            }
            let p = FieldPresence.of(f, nodes[nodeBase + Int(member.node)], Int(member.field), stack, omitZero: omitZero)
            if case .omit = p { continue }
            if !opened {
                out.beginMapping()
                opened = true
            }
            out.key(tables.name(f), prepared: tables.yamlKeys[fieldIndex])
            try writeField(f, p)
        }
        if opened { out.endMapping() } else { out.emptyMapping() }
    }

    mutating func writeField(_ f: FlatField, _ p: FieldPresence) throws(CodecError) {
        switch p {
        case .omit: return
        case .zero(let z): writeZero(z)
        case .emptyStruct(let t): try writeMessage(t, 0..<0)
        case .value(let occ): try writeElement(f.element, occ)
        case .wrapped(let occ): try writeWrappedList(f.element, occ.start..<occ.end)
        case .list(let head): try writeList(f.element, first: head)
        case .map(let head): try writeMap(f, first: head)
        }
    }

    mutating func writeZero(_ z: FieldPresence.ZeroValue) {
        switch z {
        case .null: out.null()
        case .emptyString: out.string("")
        case .zeroNumber: out.int(0)
        case .falseValue: out.bool(false)
        case .quantity: out.string("0")
        case .duration: out.string("0s")
        }
    }

    mutating func writeList(_ e: Element, first: Int32) throws(CodecError) {
        // Packed scalars can hold zero elements: count before choosing `[]`.
        var count = 0
        var i = first
        while i >= 0 {
            let occ = stack.occurrence(i)
            count += occ.wire == .lengthDelimited && e.isPackable ? (occ.end > occ.start ? 1 : 0) : 1
            i = occ.next
        }
        if count == 0 { out.emptySequence(); return }
        out.beginSequence()
        i = first
        while i >= 0 {
            let occ = stack.occurrence(i)
            if occ.wire == .lengthDelimited && e.isPackable {
                var r = WireReader(base: base, from: occ.start, to: occ.end)
                while !r.isAtEnd {
                    let v: UInt64
                    do throws(WireError) { v = e.isFloat64 ? try r.readFixed64() : try r.readVarint() } catch {
                        throw CodecError.wire(error, in: "packed repeated field")
                    }
                    try writeElement(e, Occurrence(next: -1, wire: e.isFloat64 ? .fixed64 : .varint, start: 0, end: 0, value: v))
                }
            } else {
                try writeElement(e, occ)
            }
            i = occ.next
        }
        out.endSequence()
    }

    mutating func writeWrappedList(_ e: Element, _ range: Range<Int>) throws(CodecError) {
        let items = try MapEntry.wrappedItems(e, base: base, range: range)
        if items.isEmpty { out.emptySequence(); return }
        out.beginSequence()
        for occ in items { try writeElement(e, occ) }
        out.endSequence()
    }

    mutating func writeMap(_ f: FlatField, first: Int32) throws(CodecError) {
        let start = entries.count
        defer { entries.removeSubrange(start...) }
        try MapEntry.collect(f, first: first, stack: stack, base: base, into: &entries)
        sortForYAML(from: start)
        if entries.count == start { out.emptyMapping(); return }
        out.beginMapping()
        for j in start..<entries.count {
            let entry = entries[j]
            key(UnsafeBufferPointer(start: base + entry.keyStart, count: entry.keyEnd - entry.keyStart))
            if f.isWrapped {
                if entry.hasValue { try writeWrappedList(f.element, entry.valueStart..<entry.valueEnd) } else { out.null() }
            } else if !entry.hasValue {
                switch FieldPresence.absent(f.asMapValue, omitZero: false) {
                case .emptyStruct(let t): try writeMessage(t, 0..<0)
                case .zero(let z): writeZero(z)
                default: out.null()
                }
            } else {
                try writeElement(f.element, Occurrence(next: -1, wire: entry.valueWire, start: entry.valueStart, end: entry.valueEnd, value: entry.value))
            }
        }
        out.endMapping()
    }

    mutating func sortForYAML(from start: Int) {
        let base = self.base
        func less(_ a: MapEntry, _ b: MapEntry) -> Bool {
            goYAMLKeyLess(UnsafeBufferPointer(start: base + a.keyStart, count: a.keyEnd - a.keyStart),
                          UnsafeBufferPointer(start: base + b.keyStart, count: b.keyEnd - b.keyStart))
        }
        var sorted = true
        var i = start + 1
        while i < entries.count {
            if less(entries[i], entries[i - 1]) { sorted = false; break }
            i += 1
        }
        if !sorted { entries[start...].sort(by: less) }
    }

    /// Strings from protobuf reach kubectl's YAML through Go's json.Marshal, which leaves NEL raw
    /// for go-yaml to fold (see RawLineBreakFolding).
    @inline(__always)
    mutating func string(_ utf8: UnsafeBufferPointer<UInt8>) {
        if !isASCII(utf8) && RawLineBreakFolding.containsNEL(utf8) {
            RawLineBreakFolding.fold(utf8).withUnsafeBufferPointer { out.string($0) }
        } else {
            out.string(utf8)
        }
    }

    mutating func key(_ utf8: UnsafeBufferPointer<UInt8>) {
        if !isASCII(utf8) && RawLineBreakFolding.containsNEL(utf8) {
            RawLineBreakFolding.fold(utf8).withUnsafeBufferPointer { out.key($0) }
        } else {
            out.key(utf8)
        }
    }

    /// No byte >= 0x80 (so no NEL), checked eight bytes at a time.
    @inline(__always)
    func isASCII(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = utf8.baseAddress else { return true }
        let raw = UnsafeRawPointer(p)
        let n = utf8.count
        var i = 0
        var any: UInt64 = 0
        while i + 8 <= n {
            any |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < n {
            any |= UInt64(p[i])
            i += 1
        }
        return any & 0x8080_8080_8080_8080 == 0
    }

    @inline(__always)
    func bytes(_ occ: Occurrence) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + occ.start, count: occ.end - occ.start)
    }

    mutating func writeElement(_ e: Element, _ occ: Occurrence) throws(CodecError) {
        switch e {
        case .string:
            string(bytes(occ))
        case .int32:
            out.int(Int64(Int32(truncatingIfNeeded: occ.value)))
        case .int64:
            out.int(Int64(bitPattern: occ.value))
        case .bool:
            out.bool(occ.value != 0)
        case .float64:
            let d = Double(bitPattern: occ.value)
            guard d.isFinite else { throw CodecError(.invalidValue, "unsupported float value \(d)") }
            out.jsonNumber(goFormatFloat64(d))
        case .bytes:
            scratch.removeAll(keepingCapacity: true)
            ValueFormats.appendBase64(bytes(occ), to: &scratch)
            scratch.withUnsafeBufferPointer { out.string($0) }
        case .message(let t):
            try writeMessage(t, occ.start..<occ.end)
        case .time, .microTime:
            if occ.start == occ.end { out.null(); return }
            let (seconds, nanos) = try SpecialValues.timestamp(base: base, range: occ.start..<occ.end)
            scratch.removeAll(keepingCapacity: true)
            guard ValueFormats.appendTime(seconds: seconds, nanos: e.isMicroTime ? nanos : 0, micro: e.isMicroTime, to: &scratch) else {
                throw CodecError(.invalidValue, "time \(seconds)s is outside the years 0-9999 that Kubernetes can print")
            }
            scratch.withUnsafeBufferPointer { out.string($0) }
        case .duration:
            let ns = try SpecialValues.duration(base: base, range: occ.start..<occ.end)
            out.string(ValueFormats.duration(ns))
        case .quantity:
            let q = try SpecialValues.quantity(base: base, range: occ.start..<occ.end)
            if q.isEmpty { out.string("0") } else { out.string(q) }
        case .intOrString:
            let v = try SpecialValues.intOrString(base: base, range: occ.start..<occ.end)
            if v.isString { string(v.string) } else { out.int(Int64(v.int)) }
        case .rawExtension, .fieldsV1, .json, .unknown:
            let raw = try SpecialValues.rawBytes(base: base, range: occ.start..<occ.end, field: e == .unknown ? 2 : 1)
            guard let raw, raw.count > 0 else { out.null(); return }
            out.emit(try EmbeddedJSON.parse(raw))
        case .propsOrArray(let t):
            let v = try SpecialValues.propsOrArray(base: base, range: occ.start..<occ.end)
            if !v.schemas.isEmpty {
                out.beginSequence()
                for r in v.schemas { try writeMessage(t, r) }
                out.endSequence()
            } else if let s = v.schema {
                try writeMessage(t, s)
            } else {
                out.null()
            }
        case .propsOrBool(let t):
            let v = try SpecialValues.propsOrBool(base: base, range: occ.start..<occ.end)
            if let s = v.schema { try writeMessage(t, s) } else { out.bool(v.allows) }
        case .propsOrStringArray(let t):
            let v = try SpecialValues.propsOrStringArray(base: base, range: occ.start..<occ.end)
            if !v.property.isEmpty {
                out.beginSequence()
                for r in v.property { string(UnsafeBufferPointer(start: base + r.lowerBound, count: r.count)) }
                out.endSequence()
            } else if let s = v.schema {
                try writeMessage(t, s)
            } else {
                out.null()
            }
        }
    }
}
