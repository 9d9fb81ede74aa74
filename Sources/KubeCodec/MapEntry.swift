import KubeSchema
import ProtoWire

/// One protobuf map entry {1 key, 2 value}, located in the source bytes.
struct MapEntry {
    var keyStart: Int
    var keyEnd: Int
    var hasValue: Bool
    var valueWire: WireType
    var valueStart: Int
    var valueEnd: Int
    var value: UInt64
    /// Position on the wire, so that among duplicate keys the last can win.
    var sequence: Int32

    static func parse(base: UnsafePointer<UInt8>, range: Range<Int>, element: Element, wrapped: Bool, sequence: Int32) throws(CodecError) -> MapEntry {
        var e = MapEntry(keyStart: range.lowerBound, keyEnd: range.lowerBound, hasValue: false, valueWire: .lengthDelimited,
                         valueStart: 0, valueEnd: 0, value: 0, sequence: sequence)
        var r = WireReader(base: base, from: range.lowerBound, to: range.upperBound)
        let expected: WireType = wrapped ? .lengthDelimited : element.isVarint ? .varint : element.isFloat64 ? .fixed64 : .lengthDelimited
        do {
            while let (n, w) = try r.readTag() {
                switch (n, w) {
                case (1, .lengthDelimited):
                    let k = try r.readLengthDelimited()
                    e.keyStart = k.lowerBound
                    e.keyEnd = k.upperBound
                case (2, _) where w == expected:
                    e.hasValue = true
                    e.valueWire = w
                    switch w {
                    case .varint: e.value = try r.readVarint()
                    case .fixed64: e.value = try r.readFixed64()
                    default:
                        let v = try r.readLengthDelimited()
                        e.valueStart = v.lowerBound
                        e.valueEnd = v.upperBound
                    }
                case (2, _):
                    throw CodecError(.malformed, "map value has wire type \(w.rawValue), expected \(expected.rawValue)")
                default:
                    try r.skip(w)
                }
            }
        } catch let error as WireError {
            throw CodecError.wire(error, in: "map entry")
        } catch let error as CodecError {
            throw error
        } catch {
            throw CodecError(.malformed, "map entry: \(error)")
        }
        return e
    }

    /// Appends the entries of the map field whose first occurrence is `first`, as Go sees the map:
    /// sorted by key bytes, one entry per key (the last on the wire wins).
    static func collect(_ f: FlatField, first: Int32, stack: IndexStack, base: UnsafePointer<UInt8>,
                        into entries: inout [MapEntry]) throws(CodecError) {
        let start = entries.count
        var i = first
        var sequence: Int32 = 0
        while i >= 0 {
            let occ = stack.occurrence(i)
            entries.append(try parse(base: base, range: occ.start..<occ.end, element: f.element, wrapped: f.isWrapped, sequence: sequence))
            sequence += 1
            i = occ.next
        }
        sortForGo(&entries, from: start, base: base)
        var w = start
        var k = start
        while k < entries.count {
            if k + 1 < entries.count && sameKey(entries[k], entries[k + 1], base: base) { k += 1; continue }
            entries[w] = entries[k]
            w += 1
            k += 1
        }
        entries.removeSubrange(w...)
    }

    /// The items of a named slice wrapped in its own message {1: repeated items}.
    static func wrappedItems(_ e: Element, base: UnsafePointer<UInt8>, range: Range<Int>) throws(CodecError) -> [Occurrence] {
        var items: [Occurrence] = []
        var r = WireReader(base: base, from: range.lowerBound, to: range.upperBound)
        do throws(WireError) {
            while let (number, wire) = try r.readTag() {
                guard number == 1 else { try r.skip(wire); continue }
                var occ = Occurrence(next: -1, wire: wire, start: 0, end: 0, value: 0)
                if wire == .lengthDelimited {
                    let p = try r.readLengthDelimited()
                    occ.start = p.lowerBound
                    occ.end = p.upperBound
                } else if wire == .varint && e.isVarint {
                    occ.value = try r.readVarint()
                } else {
                    try r.skip(wire)
                    continue
                }
                items.append(occ)
            }
        } catch {
            throw CodecError.wire(error, in: "list")
        }
        return items
    }

    @inline(__always)
    static func compareKeys(_ a: MapEntry, _ b: MapEntry, base: UnsafePointer<UInt8>) -> Int {
        let la = a.keyEnd - a.keyStart, lb = b.keyEnd - b.keyStart
        let n = min(la, lb)
        let c = n == 0 ? 0 : Int(memcmp(base + a.keyStart, base + b.keyStart, n))
        if c != 0 { return c }
        return la - lb
    }

    static func sameKey(_ a: MapEntry, _ b: MapEntry, base: UnsafePointer<UInt8>) -> Bool {
        compareKeys(a, b, base: base) == 0
    }

    /// Sorts entries [from...] by key bytes (Go's sort.Strings order, which is also how JSON maps
    /// print), keeping wire order among equal keys. Wire data from Kubernetes is already sorted,
    /// so the check usually avoids the sort.
    static func sortForGo(_ entries: inout [MapEntry], from start: Int, base: UnsafePointer<UInt8>) {
        var sorted = true
        var i = start + 1
        while i < entries.count {
            if compareKeys(entries[i - 1], entries[i], base: base) >= 0 { sorted = false; break }
            i += 1
        }
        if sorted { return }
        entries[start...].sort { a, b in
            let c = compareKeys(a, b, base: base)
            return c != 0 ? c < 0 : a.sequence < b.sequence
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
