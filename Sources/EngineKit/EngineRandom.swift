/// The engine's only source of randomness: every uid, name suffix, IP and hash comes from it, so
/// one seed reproduces a whole cluster byte for byte. xoshiro256** seeded through SplitMix64.
public struct EngineRandom: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9e37_79b9_7f4a_7c15
            var z = x
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A value in 0..<bound (bound > 0).
    public mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next(using: bound))
    }

    private mutating func next(using bound: Int) -> UInt64 {
        UInt64.random(in: 0..<UInt64(max(bound, 1)), using: &self)
    }

    /// Kubernetes' random-string alphabet (k8s.io/apimachinery/pkg/util/rand): no vowels, no 0, 1
    /// or 3, so that generated names never spell words or look like other characters.
    public static let nameAlphabet: [UInt8] = Array("bcdfghjklmnpqrstvwxz2456789".utf8)

    /// A generateName suffix (5 characters in Kubernetes).
    public mutating func nameSuffix(_ length: Int = 5) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(length)
        for _ in 0..<length { bytes.append(Self.nameAlphabet[below(Self.nameAlphabet.count)]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A random (version 4, RFC 4122 variant) UUID in lower-case text form, as metadata.uid.
    public mutating func uuid() -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let a = next(), b = next()
        for i in 0..<8 {
            bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * UInt64(i)))
            bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * UInt64(i)))
        }
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return Hex.string(bytes[0..<4]) + "-" + Hex.string(bytes[4..<6]) + "-" + Hex.string(bytes[6..<8]) + "-"
            + Hex.string(bytes[8..<10]) + "-" + Hex.string(bytes[10..<16])
    }

    /// `count` random bytes as lower-case hex (container ids, image digests, boot ids).
    public mutating func hex(bytes count: Int) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        while bytes.count < count {
            let word = next()
            for i in 0..<8 where bytes.count < count { bytes.append(UInt8(truncatingIfNeeded: word >> (8 * UInt64(i)))) }
        }
        return Hex.string(bytes[...])
    }
}

public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func string(_ bytes: ArraySlice<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func string(_ bytes: [UInt8]) -> String { string(bytes[...]) }
}
