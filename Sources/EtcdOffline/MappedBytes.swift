#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte string that lives in the mapped file, usable as a dictionary key without copying.
struct MappedBytes: Hashable {
    let bytes: UnsafeRawBufferPointer

    static func == (a: MappedBytes, b: MappedBytes) -> Bool {
        a.bytes.count == b.bytes.count && compare(a.bytes, b.bytes) == 0
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(bytes: bytes)
    }

    /// memcmp order, shorter first on a common prefix: etcd's key order.
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        if n > 0, let pa = a.baseAddress, let pb = b.baseAddress {
            let c = memcmp(pa, pb, n)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }

    static func compare(_ a: UnsafeRawBufferPointer, _ b: [UInt8]) -> Int {
        b.withUnsafeBytes { compare(a, $0) }
    }
}
