/// A cursor over protobuf bytes. It never copies: fields are returned as offsets into the
/// underlying buffer, which the caller must keep alive while the reader is used.
public struct WireReader {
    public let base: UnsafePointer<UInt8>
    /// Absolute offset of the next byte to read.
    public var position: Int
    /// Absolute offset one past the last readable byte.
    public let end: Int

    public init(_ buffer: UnsafeRawBufferPointer) {
        self.base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? WireReader.emptyBase
        self.position = 0
        self.end = buffer.count
    }

    public init(base: UnsafePointer<UInt8>, from start: Int, to end: Int) {
        self.base = base
        self.position = start
        self.end = end
    }

    nonisolated(unsafe) private static let emptyStorage: UnsafeMutablePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()
    static var emptyBase: UnsafePointer<UInt8> { UnsafePointer(emptyStorage) }

    @inlinable public var isAtEnd: Bool { position >= end }

    /// Reads a field tag. Returns nil at the end of the buffer.
    @inlinable @inline(__always)
    public mutating func readTag() throws(WireError) -> (field: Int, wire: WireType)? {
        if position >= end { return nil }
        let start = position
        let key = try readVarint()
        let wireRaw = UInt8(truncatingIfNeeded: key & 7)
        // 0, 1, 2 and 5 are the wire types still in use; groups (3, 4) and 6, 7 are rejected.
        guard (0b0010_0111 as UInt8) >> wireRaw & 1 == 1, let wire = WireType(rawValue: wireRaw) else {
            throw WireError(.invalidWireType(wireRaw), at: start)
        }
        let field = key >> 3
        guard field > 0, field <= 0x1FFF_FFFF else { throw WireError(.invalidFieldNumber, at: start) }
        return (Int(field), wire)
    }

    /// Most varints in Kubernetes objects (tags, lengths, small numbers) are one or two bytes:
    /// those are decoded inline, the rest by the outlined general loop.
    @inlinable @inline(__always)
    public mutating func readVarint() throws(WireError) -> UInt64 {
        let p = position
        if p + 1 < end {
            let first = base[p]
            if first < 0x80 {
                position = p + 1
                return UInt64(first)
            }
            let second = base[p + 1]
            if second < 0x80 {
                position = p + 2
                return UInt64(first & 0x7F) | UInt64(second) << 7
            }
        } else if p < end && base[p] < 0x80 {
            position = p + 1
            return UInt64(base[p])
        }
        return try readVarintSlow()
    }

    @inlinable @inline(never)
    mutating func readVarintSlow() throws(WireError) -> UInt64 {
        var p = position
        guard p < end else { throw WireError(.truncated, at: p) }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard p < end else { throw WireError(.truncated, at: p) }
            let b = base[p]
            p += 1
            if shift == 63 && b > 1 { throw WireError(.malformedVarint, at: position) }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { break }
            shift += 7
            if shift > 63 { throw WireError(.malformedVarint, at: position) }
        }
        position = p
        return result
    }

    @inlinable
    public mutating func readFixed64() throws(WireError) -> UInt64 {
        guard end - position >= 8 else { throw WireError(.truncated, at: position) }
        let v = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
        position += 8
        return v
    }

    @inlinable
    public mutating func readFixed32() throws(WireError) -> UInt32 {
        guard end - position >= 4 else { throw WireError(.truncated, at: position) }
        let v = UInt32(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt32.self))
        position += 4
        return v
    }

    /// Reads a length prefix and returns the absolute range of the payload, advancing past it.
    @inlinable @inline(__always)
    public mutating func readLengthDelimited() throws(WireError) -> Range<Int> {
        let at = position
        let len = try readVarint()
        guard len <= UInt64(end - position) else { throw WireError(.lengthOutOfBounds, at: at) }
        let start = position
        position += Int(len)
        return start..<position
    }

    /// Skips the value of a field whose tag was just read.
    @inlinable
    public mutating func skip(_ wire: WireType) throws(WireError) {
        switch wire {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .fixed32: _ = try readFixed32()
        case .lengthDelimited: _ = try readLengthDelimited()
        case .startGroup, .endGroup: throw WireError(.invalidWireType(wire.rawValue), at: position)
        }
    }

    /// A reader confined to a sub-range (for a nested message).
    @inlinable
    public func sub(_ range: Range<Int>) -> WireReader {
        WireReader(base: base, from: range.lowerBound, to: range.upperBound)
    }

    @inlinable
    public func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    public func string(_ range: Range<Int>) -> String {
        String(decoding: bytes(range), as: UTF8.self)
    }

    public func array(_ range: Range<Int>) -> [UInt8] {
        Array(bytes(range))
    }
}

extension WireReader {
    /// Walks every field of a message in a `[UInt8]`, for small messages where convenience matters
    /// more than speed (etcd headers, envelopes).
    public static func forEachField(
        in bytes: [UInt8],
        _ body: (Int, WireType, inout WireReader) throws -> Void
    ) throws {
        try bytes.withUnsafeBytes { raw in
            var r = WireReader(raw)
            while let (field, wire) = try r.readTag() {
                try body(field, wire, &r)
            }
        }
    }
}
