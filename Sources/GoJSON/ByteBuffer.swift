#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte buffer on raw memory for the output writers: appends are a bounds check and
/// a copy, without the uniqueness checks and generic paths of `Array.append`. Writers that know
/// how much they will write call `reserve` once and then the `unchecked` appends.
/// The owner calls `deallocate()` (it is a plain value so that it can live inline in writers).
public struct ByteBuffer {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    /// Bytes written so far.
    public var count: Int { used }
    @usableFromInline var used = 0
    @usableFromInline var capacity: Int

    public init(capacity: Int) {
        self.capacity = max(capacity, 256)
        base = .allocate(capacity: self.capacity)
    }

    /// The bytes written so far (valid until the next append).
    public var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: used) }

    public func deallocate() { base.deallocate() }

    /// A copy of the bytes written.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: used)) }

    @inlinable @inline(__always)
    public mutating func reserve(_ n: Int) {
        if n > capacity &- used { grow(used + n) }
    }

    @usableFromInline @inline(never)
    mutating func grow(_ needed: Int) {
        var cap = capacity * 2
        while cap < needed { cap *= 2 }
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: cap)
        b.update(from: base, count: used)
        base.deallocate()
        base = b
        capacity = cap
    }

    @inlinable @inline(__always)
    public mutating func append(_ byte: UInt8) {
        if used == capacity { grow(used + 1) }
        base[used] = byte
        used &+= 1
    }

    @inlinable @inline(__always)
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let src = bytes.baseAddress else { return }
        append(src, count: bytes.count)
    }

    @inlinable @inline(__always)
    public mutating func append(_ src: UnsafePointer<UInt8>, count n: Int) {
        reserve(n)
        appendUnchecked(src, count: n)
    }

    /// After `reserve`: one byte.
    @inlinable @inline(__always)
    public mutating func appendUnchecked(_ byte: UInt8) {
        base[used] = byte
        used &+= 1
    }

    /// After `reserve`: `n` bytes from `src`.
    @inlinable @inline(__always)
    public mutating func appendUnchecked(_ src: UnsafePointer<UInt8>, count n: Int) {
        copyBytes(base + used, src, n)
        used &+= n
    }

    @inlinable @inline(__always)
    public mutating func append(repeating byte: UInt8, count n: Int) {
        reserve(n)
        (base + used).update(repeating: byte, count: n)
        used += n
    }

    /// The decimal digits of `v` (no sign).
    @inlinable @inline(__always)
    public mutating func appendDecimal(_ v: UInt64) {
        reserve(20)
        if v < 10 {
            appendUnchecked(0x30 &+ UInt8(truncatingIfNeeded: v))
            return
        }
        var digits = 2
        var limit: UInt64 = 100
        while digits < 20 && v >= limit {
            digits += 1
            limit &*= 10
        }
        var p = base + used + digits
        var x = v
        repeat {
            p -= 1
            p.pointee = 0x30 &+ UInt8(truncatingIfNeeded: x % 10)
            x /= 10
        } while x > 0
        used &+= digits
    }

    public mutating func truncate(to n: Int) { used = min(used, n) }

}

/// Copies `n` bytes without calling memcpy for the short copies that dominate (keys, small
/// values): two overlapping loads and stores cover any length up to 32 without a loop.
@inlinable @inline(__always)
public func copyBytes(_ dst: UnsafeMutablePointer<UInt8>, _ src: UnsafePointer<UInt8>, _ n: Int) {
    let d = UnsafeMutableRawPointer(dst)
    let s = UnsafeRawPointer(src)
    if n >= 8 {
        if n <= 16 {
            let a = s.loadUnaligned(as: UInt64.self)
            let b = s.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            d.storeBytes(of: a, as: UInt64.self)
            d.storeBytes(of: b, toByteOffset: n - 8, as: UInt64.self)
        } else if n <= 32 {
            let a = s.loadUnaligned(as: SIMD16<UInt8>.self)
            let b = s.loadUnaligned(fromByteOffset: n - 16, as: SIMD16<UInt8>.self)
            d.storeBytes(of: a, as: SIMD16<UInt8>.self)
            d.storeBytes(of: b, toByteOffset: n - 16, as: SIMD16<UInt8>.self)
        } else {
            memcpy(d, s, n)
        }
    } else if n >= 4 {
        let a = s.loadUnaligned(as: UInt32.self)
        let b = s.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
        d.storeBytes(of: a, as: UInt32.self)
        d.storeBytes(of: b, toByteOffset: n - 4, as: UInt32.self)
    } else if n > 0 {
        // 1...3 bytes: first, middle and last cover them all.
        dst[0] = src[0]
        dst[n >> 1] = src[n >> 1]
        dst[n - 1] = src[n - 1]
    }
}
