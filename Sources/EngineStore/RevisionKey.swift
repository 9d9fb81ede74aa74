/// etcd's `key` bucket keys: main revision u64 big-endian, `_`, sub revision u64 big-endian,
/// and a trailing `t` for a tombstone. Big-endian makes byte order equal revision order.
enum RevisionKey {
    static let size = 17
    static let tombstoneMark: UInt8 = 0x74

    static func append(main: Int64, sub: Int64, tombstone: Bool, to bytes: inout [UInt8]) {
        appendBigEndian(UInt64(bitPattern: main), to: &bytes)
        bytes.append(0x5F)
        appendBigEndian(UInt64(bitPattern: sub), to: &bytes)
        if tombstone { bytes.append(tombstoneMark) }
    }

    static func encode(main: Int64, sub: Int64, tombstone: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(18)
        append(main: main, sub: sub, tombstone: tombstone, to: &bytes)
        return bytes
    }

    /// Nil unless the bytes are a well-formed revision key.
    static func decode<C: Collection>(_ bytes: C) -> (main: Int64, sub: Int64, tombstone: Bool)? where C.Element == UInt8, C.Index == Int {
        guard bytes.count == size || (bytes.count == size + 1 && bytes[bytes.startIndex + size] == tombstoneMark) else { return nil }
        let s = bytes.startIndex
        guard bytes[s + 8] == 0x5F else { return nil }
        let main = readBigEndian(bytes, at: s), sub = readBigEndian(bytes, at: s + 9)
        guard main <= UInt64(Int64.max), sub <= UInt64(Int64.max) else { return nil }
        return (Int64(main), Int64(sub), bytes.count == size + 1)
    }
}

func appendBigEndian(_ value: UInt64, to bytes: inout [UInt8]) {
    for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
}

func bigEndianBytes(_ value: UInt64) -> [UInt8] {
    var bytes: [UInt8] = []
    appendBigEndian(value, to: &bytes)
    return bytes
}

func readBigEndian<C: Collection>(_ bytes: C, at offset: Int) -> UInt64 where C.Element == UInt8, C.Index == Int {
    var v: UInt64 = 0
    for i in 0..<8 { v = v << 8 | UInt64(bytes[offset + i]) }
    return v
}
