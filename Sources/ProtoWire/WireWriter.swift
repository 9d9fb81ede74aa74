/// Appends protobuf wire data to a byte array. Nested messages are written with a reserved
/// length slot that is back-patched, so a message is produced in one pass with no copies of
/// its children in the common case (lengths below 128 bytes).
public struct WireWriter {
    public var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inlinable
    public mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    @inlinable
    public mutating func writeTag(_ field: Int, _ wire: WireType) {
        writeVarint(UInt64(field) << 3 | UInt64(wire.rawValue))
    }

    /// int32/int64 fields: negative values are sign-extended to ten bytes, as protobuf requires.
    @inlinable
    public mutating func writeInt(_ field: Int, _ value: Int64) {
        writeTag(field, .varint)
        writeVarint(UInt64(bitPattern: value))
    }

    @inlinable
    public mutating func writeBool(_ field: Int, _ value: Bool) {
        writeTag(field, .varint)
        bytes.append(value ? 1 : 0)
    }

    @inlinable
    public mutating func writeFixed64(_ field: Int, _ value: UInt64) {
        writeTag(field, .fixed64)
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }

    @inlinable
    public mutating func writeBytes<C: Collection>(_ field: Int, _ value: C) where C.Element == UInt8 {
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    @inlinable
    public mutating func writeString(_ field: Int, _ value: String) {
        var s = value
        s.withUTF8 { writeBytes(field, $0) }
    }

    /// Starts a length-delimited field whose length is not yet known; returns a token for `endMessage`.
    @inlinable
    public mutating func beginMessage(_ field: Int) -> Int {
        writeTag(field, .lengthDelimited)
        bytes.append(0)
        return bytes.count
    }

    /// Back-patches the length of a message begun with `beginMessage`.
    @inlinable
    public mutating func endMessage(_ start: Int) {
        let length = bytes.count - start
        if length < 0x80 {
            bytes[start - 1] = UInt8(length)
            return
        }
        var prefix: [UInt8] = []
        var v = UInt64(length)
        while v >= 0x80 {
            prefix.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        prefix.append(UInt8(truncatingIfNeeded: v))
        bytes.replaceSubrange((start - 1)..<start, with: prefix)
    }
}
