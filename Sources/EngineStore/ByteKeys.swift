#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-order comparison of keys, which is etcd's key order.
@inline(__always)
func compareBytes(_ a: [UInt8], _ b: [UInt8]) -> Int {
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            let n = min(pa.count, pb.count)
            if n > 0, let x = pa.baseAddress, let y = pb.baseAddress {
                let c = memcmp(x, y, n)
                if c != 0 { return Int(c) }
            }
            return pa.count - pb.count
        }
    }
}

/// A key as a dictionary key, hashed in one call over its bytes (Array's own hashing feeds the
/// hasher one byte at a time).
struct HashedKey: Hashable {
    let bytes: [UInt8]

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (a: HashedKey, b: HashedKey) -> Bool { a.bytes == b.bytes }
}

/// [key, rangeEnd) in etcd's conventions: an empty end means the single key, `[0]` means no upper bound.
struct KeySpan {
    let start: [UInt8]
    let end: [UInt8]

    var isSingleKey: Bool { end.isEmpty }
    var isUnbounded: Bool { end == [0] }

    func contains(_ key: [UInt8]) -> Bool {
        if isSingleKey { return key == start }
        if compareBytes(key, start) < 0 { return false }
        return isUnbounded || compareBytes(key, end) < 0
    }

    /// Whether `key` is past the end of the span (the scan can stop).
    func isBeyond(_ key: [UInt8]) -> Bool {
        if isSingleKey { return compareBytes(key, start) > 0 }
        return !isUnbounded && compareBytes(key, end) >= 0
    }
}
