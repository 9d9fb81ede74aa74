/// Go's `utf8.DecodeRune`: the rune at `i` and its width; an invalid or truncated sequence
/// yields U+FFFD with width 1 (which is also how `[]rune(s)` and `encoding/json` treat it).
@inline(__always)
func goDecodeRune(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (rune: UInt32, width: Int) {
    let c0 = b[i]
    if c0 < 0x80 { return (UInt32(c0), 1) }
    let n = b.count
    @inline(__always) func cont(_ j: Int) -> UInt32? {
        guard j < n, b[j] & 0xC0 == 0x80 else { return nil }
        return UInt32(b[j] & 0x3F)
    }
    let invalid: (UInt32, Int) = (0xFFFD, 1)
    switch c0 {
    case 0xC2...0xDF:
        guard let c1 = cont(i + 1) else { return invalid }
        return (UInt32(c0 & 0x1F) << 6 | c1, 2)
    case 0xE0...0xEF:
        guard i + 1 < n else { return invalid }
        let b1 = b[i + 1]
        if c0 == 0xE0 && b1 < 0xA0 { return invalid }   // overlong
        if c0 == 0xED && b1 > 0x9F { return invalid }   // surrogate
        guard let c1 = cont(i + 1), let c2 = cont(i + 2) else { return invalid }
        return (UInt32(c0 & 0x0F) << 12 | c1 << 6 | c2, 3)
    case 0xF0...0xF4:
        guard i + 1 < n else { return invalid }
        let b1 = b[i + 1]
        if c0 == 0xF0 && b1 < 0x90 { return invalid }
        if c0 == 0xF4 && b1 > 0x8F { return invalid }
        guard let c1 = cont(i + 1), let c2 = cont(i + 2), let c3 = cont(i + 3) else { return invalid }
        return (UInt32(c0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3, 4)
    default:
        return invalid
    }
}

/// True when every byte sequence is valid UTF-8 by Go's rules.
func isValidGoUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    var any: UInt8 = 0
    for c in b { any |= c }
    if any < 0x80 { return true }
    var i = 0
    while i < b.count {
        if b[i] < 0x80 {
            i += 1
            continue
        }
        let (r, w) = goDecodeRune(b, i)
        if r == 0xFFFD && w == 1 { return false }
        i += w
    }
    return true
}

/// Go's `unicode.IsLetter`.
@inline(__always)
func goIsLetter(_ r: UInt32) -> Bool {
    if r < 0x80 { return (r | 0x20) >= 0x61 && (r | 0x20) <= 0x7A }
    guard let scalar = Unicode.Scalar(r) else { return false }
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
    default: return false
    }
}

/// Go's `unicode.IsDigit` (any decimal digit, not only ASCII).
@inline(__always)
func goIsDigit(_ r: UInt32) -> Bool {
    if r < 0x100 { return r >= 0x30 && r <= 0x39 }
    guard let scalar = Unicode.Scalar(r) else { return false }
    return scalar.properties.generalCategory == .decimalNumber
}
