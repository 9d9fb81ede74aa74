import KubeSchema
import ProtoWire

/// One field occurrence found while scanning a message. Occurrences of the same field are linked
/// in wire order through `next`, so output can follow JSON order without re-scanning.
struct Occurrence {
    var next: Int32
    var wire: WireType
    /// Payload range for length-delimited values.
    var start: Int
    var end: Int
    /// Varint or fixed64 value.
    var value: UInt64
}

/// A scanned message: where its per-field first/last occurrence slots live in the scratch stack.
struct IndexedMessage {
    let type: Int32
    let slotBase: Int
    let occurrenceBase: Int
}

/// Reusable stacks for message indexes. A message pushes its slots and occurrences, its children
/// push above it while it is emitted, and everything is popped on the way out, so a whole object
/// is transcoded with no allocation once the stacks have grown to the object's size.
struct IndexStack {
    var occurrences: [Occurrence] = []
    var heads: [Int32] = []
    var tails: [Int32] = []
    /// Unknown field numbers met (type index, number), reported once per object.
    var unknownFields: [(Int32, Int)] = []

    init() {
        occurrences.reserveCapacity(1024)
        heads.reserveCapacity(1024)
        tails.reserveCapacity(1024)
    }

    @inline(__always)
    func head(_ m: IndexedMessage, _ field: Int) -> Int32 { heads[m.slotBase + field] }

    @inline(__always)
    func tail(_ m: IndexedMessage, _ field: Int) -> Int32 { tails[m.slotBase + field] }

    mutating func pop(_ m: IndexedMessage) {
        heads.removeSubrange(m.slotBase...)
        tails.removeSubrange(m.slotBase...)
        occurrences.removeSubrange(m.occurrenceBase...)
    }

    /// Scans the message bytes at `range` as schema type `type`.
    mutating func index(_ schema: Schema, type: Int32, base: UnsafePointer<UInt8>, range: Range<Int>) throws(CodecError) -> IndexedMessage {
        let t = schema.types[Int(type)]
        let m = IndexedMessage(type: type, slotBase: heads.count, occurrenceBase: occurrences.count)
        let n = t.fields.count
        heads.append(contentsOf: repeatElement(-1, count: n))
        tails.append(contentsOf: repeatElement(-1, count: n))
        var r = WireReader(base: base, from: range.lowerBound, to: range.upperBound)
        do {
            while let (number, wire) = try r.readTag() {
                let slot = t.slot(forNumber: number)
                var occ = Occurrence(next: -1, wire: wire, start: 0, end: 0, value: 0)
                switch wire {
                case .varint: occ.value = try r.readVarint()
                case .fixed64: occ.value = try r.readFixed64()
                case .fixed32: occ.value = UInt64(try r.readFixed32())
                case .lengthDelimited:
                    let payload = try r.readLengthDelimited()
                    occ.start = payload.lowerBound
                    occ.end = payload.upperBound
                case .startGroup, .endGroup:
                    throw WireError(.invalidWireType(wire.rawValue), at: r.position)
                }
                if slot < 0 {
                    unknownFields.append((type, number))
                    continue
                }
                let field = t.fields[slot]
                guard Self.accepts(field, wire) else {
                    throw CodecError(.malformed, "\(t.shortName).\(field.jsonName.isEmpty ? "#\(number)" : field.jsonName): wrong wire type \(wire.rawValue) for field \(number) near byte \(r.position)")
                }
                let at = Int32(occurrences.count)
                occurrences.append(occ)
                let s = m.slotBase + slot
                if tails[s] < 0 { heads[s] = at } else { occurrences[Int(tails[s])].next = at }
                tails[s] = at
            }
        } catch let e as WireError {
            throw CodecError.wire(e, in: t.shortName)
        } catch let e as CodecError {
            throw e
        } catch {
            throw CodecError(.malformed, "\(t.shortName): \(error)")
        }
        return m
    }

    /// Whether a wire type is a valid encoding of the field (packed repeated scalars accepted).
    @inline(__always)
    static func accepts(_ field: Field, _ wire: WireType) -> Bool {
        let single: WireType
        if field.cardinality == .map || field.isWrapped {
            single = .lengthDelimited
        } else {
            switch field.element {
            case .int32, .int64, .bool: single = .varint
            case .float64: single = .fixed64
            default: single = .lengthDelimited
            }
        }
        if wire == single { return true }
        return field.cardinality == .list && wire == .lengthDelimited && single != .lengthDelimited
    }
}
