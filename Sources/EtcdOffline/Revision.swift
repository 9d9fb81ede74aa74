/// An MVCC revision as etcd writes it into the `key` bucket: 8-byte big-endian main revision,
/// `_`, 8-byte big-endian sub revision, and a trailing `t` for a deletion (tombstone). Because
/// the integers are big-endian, byte order is revision order.
public struct Revision: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let encodedSize = 17
    static let separator: UInt8 = 0x5F  // "_"
    static let tombstoneMark: UInt8 = 0x74  // "t"

    public var main: Int64
    public var sub: Int64

    public init(main: Int64, sub: Int64 = 0) {
        self.main = main
        self.sub = sub
    }

    /// Parses a bucket key; nil when it is not a revision key.
    public static func parse(_ key: UnsafeRawBufferPointer) -> (revision: Revision, isTombstone: Bool)? {
        let n = key.count
        guard n == encodedSize || (n == encodedSize + 1 && key[encodedSize] == tombstoneMark),
              key[8] == separator else { return nil }
        let main = Int64(bitPattern: UInt64(bigEndian: key.loadUnaligned(fromByteOffset: 0, as: UInt64.self)))
        let sub = Int64(bitPattern: UInt64(bigEndian: key.loadUnaligned(fromByteOffset: 9, as: UInt64.self)))
        return (Revision(main: main, sub: sub), n == encodedSize + 1)
    }

    /// The bucket key (without tombstone mark), for seeking.
    public var encoded: [UInt8] {
        var out = [UInt8](repeating: 0, count: Revision.encodedSize)
        let m = UInt64(bitPattern: main), s = UInt64(bitPattern: sub)
        for i in 0..<8 {
            out[i] = UInt8(truncatingIfNeeded: m >> (56 - 8 * UInt64(i)))
            out[9 + i] = UInt8(truncatingIfNeeded: s >> (56 - 8 * UInt64(i)))
        }
        out[8] = Revision.separator
        return out
    }

    public static func < (a: Revision, b: Revision) -> Bool {
        a.main != b.main ? a.main < b.main : a.sub < b.sub
    }

    public var description: String { sub == 0 ? "\(main)" : "\(main).\(sub)" }
}
