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
/// is transcoded with a handful of allocations. Raw buffers (not arrays) keep uniqueness and
/// bounds checks out of the inner loop; the owner calls `deallocate()`.
struct IndexStack {
    private(set) var occurrences: UnsafeMutablePointer<Occurrence>
    private var occurrenceCount = 0
    private var occurrenceCapacity: Int
    private var heads: UnsafeMutablePointer<Int32>
    private var tails: UnsafeMutablePointer<Int32>
    private var slotCount = 0
    private var slotCapacity: Int
    /// Unknown field numbers met (type index, number).
    var unknownFields: [(Int32, Int)] = []

    init(capacity: Int = 256) {
        occurrenceCapacity = capacity
        slotCapacity = capacity
        occurrences = .allocate(capacity: capacity)
        heads = .allocate(capacity: capacity)
        tails = .allocate(capacity: capacity)
    }

    func deallocate() {
        occurrences.deallocate()
        heads.deallocate()
        tails.deallocate()
    }

    @inline(__always)
    func head(_ m: IndexedMessage, _ field: Int) -> Int32 { heads[m.slotBase + field] }

    @inline(__always)
    func tail(_ m: IndexedMessage, _ field: Int) -> Int32 { tails[m.slotBase + field] }

    @inline(__always)
    func occurrence(_ i: Int32) -> Occurrence { occurrences[Int(i)] }

    @inline(__always)
    mutating func pop(_ m: IndexedMessage) {
        slotCount = m.slotBase
        occurrenceCount = m.occurrenceBase
    }

    private mutating func growSlots(_ needed: Int) {
        var cap = slotCapacity
        while cap < needed { cap *= 2 }
        let h = UnsafeMutablePointer<Int32>.allocate(capacity: cap)
        let t = UnsafeMutablePointer<Int32>.allocate(capacity: cap)
        h.update(from: heads, count: slotCount)
        t.update(from: tails, count: slotCount)
        heads.deallocate()
        tails.deallocate()
        heads = h
        tails = t
        slotCapacity = cap
    }

    private mutating func growOccurrences() {
        let cap = occurrenceCapacity * 2
        let o = UnsafeMutablePointer<Occurrence>.allocate(capacity: cap)
        o.moveInitialize(from: occurrences, count: occurrenceCount)
        occurrences.deallocate()
        occurrences = o
        occurrenceCapacity = cap
    }

    /// Scans the message bytes at `range` as schema type `type`.
    @inline(__always)
    mutating func index(_ tables: SchemaTables, type: Int32, base: UnsafePointer<UInt8>, range: Range<Int>) throws(CodecError) -> IndexedMessage {
        let t = tables.types[Int(type)]
        let m = IndexedMessage(type: type, slotBase: slotCount, occurrenceBase: occurrenceCount)
        let n = Int(t.fieldCount)
        if slotCount + n > slotCapacity { growSlots(slotCount + n) }
        (heads + slotCount).initialize(repeating: -1, count: n)
        (tails + slotCount).initialize(repeating: -1, count: n)
        slotCount += n
        if range.isEmpty { return m }
        try scan(tables, t, m, base: base, range: range)
        return m
    }

    private mutating func scan(_ tables: SchemaTables, _ t: FlatType, _ m: IndexedMessage, base: UnsafePointer<UInt8>, range: Range<Int>) throws(CodecError) {
        let slots = tables.slots + Int(t.slotStart)
        let slotLimit = Int(t.slotCount)
        let fields = tables.fields + Int(t.fieldStart)
        var r = WireReader(base: base, from: range.lowerBound, to: range.upperBound)
        do throws(WireError) {
            while let (number, wire) = try r.readTag() {
                var occ = Occurrence(next: -1, wire: wire, start: 0, end: 0, value: 0)
                switch wire {
                case .lengthDelimited:
                    let payload = try r.readLengthDelimited()
                    occ.start = payload.lowerBound
                    occ.end = payload.upperBound
                case .varint: occ.value = try r.readVarint()
                case .fixed64: occ.value = try r.readFixed64()
                case .fixed32: occ.value = UInt64(try r.readFixed32())
                case .startGroup, .endGroup:
                    throw WireError(.invalidWireType(wire.rawValue), at: r.position)
                }
                let slot = number < slotLimit ? Int(slots[number]) : -1
                if slot < 0 {
                    unknownFields.append((m.type, number))
                    continue
                }
                guard fields[slot].wireMask >> wire.rawValue & 1 != 0 else {
                    throw WireError(.invalidWireType(wire.rawValue), at: r.position)
                }
                if occurrenceCount == occurrenceCapacity { growOccurrences() }
                let at = Int32(truncatingIfNeeded: occurrenceCount)
                (occurrences + occurrenceCount).initialize(to: occ)
                occurrenceCount += 1
                let s = m.slotBase + slot
                let last = tails[s]
                if last < 0 { heads[s] = at } else { occurrences[Int(last)].next = at }
                tails[s] = at
            }
        } catch {
            throw CodecError.wire(error, in: "protobuf message")
        }
    }
}

/// A stack of plain values on raw memory (no uniqueness or bounds checks in the transcoders'
/// inner loops). The owner calls `deallocate()`.
struct RawStack<Element> {
    private var items: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 8)
        items = .allocate(capacity: self.capacity)
    }

    func deallocate() {
        items.deinitialize(count: count)
        items.deallocate()
    }

    @inline(__always)
    subscript(_ i: Int) -> Element { items[i] }

    @inline(__always)
    mutating func push(_ item: Element) {
        if count == capacity { grow() }
        (items + count).initialize(to: item)
        count += 1
    }

    /// Drops everything above the first `n` items.
    @inline(__always)
    mutating func pop(to n: Int) {
        if n < count { (items + n).deinitialize(count: count - n) }
        count = min(count, n)
    }

    @inline(never)
    private mutating func grow() {
        let cap = capacity * 2
        let p = UnsafeMutablePointer<Element>.allocate(capacity: cap)
        p.moveInitialize(from: items, count: count)
        items.deallocate()
        items = p
        capacity = cap
    }
}
