/// UTF-8 validation with exactly the acceptance rules of Go's `utf8.DecodeRune`: overlong forms,
/// surrogates (U+D800–U+DFFF) and code points above U+10FFFF are invalid, and an invalid
/// sequence is reported one byte at a time (Go replaces each such byte with U+FFFD, which is
/// not the "maximal subpart" rule Swift's own repair uses, so we cannot rely on the stdlib).
@inline(__always)
func goUTF8SequenceLength(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
    let n = p.count
    let b0 = p[i]
    if b0 < 0x80 { return 1 }
    if b0 < 0xC2 { return 0 }  // continuation byte or overlong 2-byte lead
    if b0 < 0xE0 {
        guard i + 1 < n, p[i + 1] & 0xC0 == 0x80 else { return 0 }
        return 2
    }
    if b0 < 0xF0 {
        guard i + 2 < n else { return 0 }
        let b1 = p[i + 1]
        let low: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
        let high: UInt8 = b0 == 0xED ? 0x9F : 0xBF
        guard b1 >= low, b1 <= high, p[i + 2] & 0xC0 == 0x80 else { return 0 }
        return 3
    }
    if b0 < 0xF5 {
        guard i + 3 < n else { return 0 }
        let b1 = p[i + 1]
        let low: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
        let high: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
        guard b1 >= low, b1 <= high, p[i + 2] & 0xC0 == 0x80, p[i + 3] & 0xC0 == 0x80 else { return 0 }
        return 4
    }
    return 0
}

/// The UTF-8 encoding of U+FFFD, which Go substitutes for every byte it cannot decode.
let utf8ReplacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

@inline(__always)
func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
        out.append(UInt8(scalar))
    case 0x80..<0x800:
        out.append(UInt8(0xC0 | (scalar >> 6)))
        out.append(UInt8(0x80 | (scalar & 0x3F)))
    case 0x800..<0x10000:
        out.append(UInt8(0xE0 | (scalar >> 12)))
        out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (scalar & 0x3F)))
    default:
        out.append(UInt8(0xF0 | (scalar >> 18)))
        out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (scalar & 0x3F)))
    }
}
