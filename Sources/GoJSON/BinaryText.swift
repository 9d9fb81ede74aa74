/// Text forms of binary data used when byte strings are printed as JSON strings.
enum BinaryText {
    private static let standardAlphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let urlAlphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Go's `base64.StdEncoding` (padded) or `base64.RawURLEncoding` (unpadded).
    static func base64(_ bytes: UnsafeBufferPointer<UInt8>, url: Bool) -> String {
        let alphabet = url ? urlAlphabet : standardAlphabet
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let chunk = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(alphabet[Int(chunk >> 18)])
            out.append(alphabet[Int((chunk >> 12) & 0x3F)])
            out.append(alphabet[Int((chunk >> 6) & 0x3F)])
            out.append(alphabet[Int(chunk & 0x3F)])
            i += 3
        }
        let remaining = bytes.count - i
        if remaining > 0 {
            let chunk = UInt32(bytes[i]) << 16 | (remaining == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
            out.append(alphabet[Int(chunk >> 18)])
            out.append(alphabet[Int((chunk >> 12) & 0x3F)])
            if remaining == 2 { out.append(alphabet[Int((chunk >> 6) & 0x3F)]) }
            if !url {
                out.append(UInt8(ascii: "="))
                if remaining == 1 { out.append(UInt8(ascii: "=")) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func base16(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes as text with each byte of invalid UTF-8 replaced by U+FFFD, Go's rule.
    static func goString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var i = 0
        while i < bytes.count {
            let length = goUTF8SequenceLength(bytes, at: i)
            if length == 0 { break }
            i += length
        }
        if i == bytes.count {
            return String(decoding: bytes, as: UTF8.self)
        }
        var repaired: [UInt8] = Array(bytes[0..<i])
        while i < bytes.count {
            let length = goUTF8SequenceLength(bytes, at: i)
            if length == 0 {
                repaired.append(contentsOf: utf8ReplacementCharacter)
                i += 1
            } else {
                repaired.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<i + length]))
                i += length
            }
        }
        return String(decoding: repaired, as: UTF8.self)
    }

    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count {
            let length = goUTF8SequenceLength(bytes, at: i)
            if length == 0 { return false }
            i += length
        }
        return true
    }

    /// Decimal text of a big-endian unsigned magnitude (CBOR bignum content), optionally as
    /// `-1 - n` (tag 3).
    static func bignumDecimal(_ magnitude: UnsafeBufferPointer<UInt8>, negative: Bool) -> String {
        // Little-endian base-10^9 limbs; multiply-by-256-and-add per input byte.
        var limbs: [UInt32] = [0]
        for byte in magnitude {
            var carry = UInt64(byte)
            for k in 0..<limbs.count {
                let value = UInt64(limbs[k]) * 256 + carry
                limbs[k] = UInt32(value % 1_000_000_000)
                carry = value / 1_000_000_000
            }
            while carry > 0 {
                limbs.append(UInt32(carry % 1_000_000_000))
                carry /= 1_000_000_000
            }
        }
        if negative {
            var k = 0
            while true {
                if k == limbs.count { limbs.append(0) }
                limbs[k] += 1
                if limbs[k] < 1_000_000_000 { break }
                limbs[k] = 0
                k += 1
            }
        }
        while limbs.count > 1, limbs.last == 0 { limbs.removeLast() }
        var text = negative ? "-" : ""
        text += String(limbs[limbs.count - 1])
        for limb in limbs.dropLast().reversed() {
            let part = String(limb)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        return text
    }
}
