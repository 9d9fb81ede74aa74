/// Character tests on UTF-8 bytes with the exact semantics of go-yaml v2's `yamlprivateh.go`
/// (which differ from Unicode in places: 4-byte sequences such as emoji are "not printable",
/// a BOM is only detected at the start of the whole value). Reads past the end return 0 so a
/// truncated sequence can never trap.
@inline(__always)
func byteAt(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt8 {
    i < b.count ? b[i] : 0
}

/// Width of the UTF-8 sequence starting with `lead`; 0 for a continuation or invalid lead byte.
@inline(__always)
func utf8Width(_ lead: UInt8) -> Int {
    if lead & 0x80 == 0 { return 1 }
    if lead & 0xE0 == 0xC0 { return 2 }
    if lead & 0xF0 == 0xE0 { return 3 }
    if lead & 0xF8 == 0xF0 { return 4 }
    return 0
}

@inline(__always)
func yamlIsPrintable(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
    let c = b[i]
    if c == 0x0A || (c >= 0x20 && c <= 0x7E) { return true }
    if c < 0x80 { return false }
    let c1 = byteAt(b, i + 1)
    if c == 0xC2 { return c1 >= 0xA0 }
    if c > 0xC2 && c < 0xED { return true }
    if c == 0xED { return c1 < 0xA0 }
    if c == 0xEE { return true }
    if c == 0xEF {
        let c2 = byteAt(b, i + 2)
        if c1 == 0xBB && c2 == 0xBF { return false }
        if c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF) { return false }
        return true
    }
    return false
}

/// CR, LF, NEL, LS, PS.
@inline(__always)
func yamlIsBreak(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
    let c = b[i]
    if c == 0x0D || c == 0x0A { return true }
    if c == 0xC2 { return byteAt(b, i + 1) == 0x85 }
    if c == 0xE2 {
        return byteAt(b, i + 1) == 0x80 && (byteAt(b, i + 2) == 0xA8 || byteAt(b, i + 2) == 0xA9)
    }
    return false
}

/// Space, tab, a break, or the end of the value.
@inline(__always)
func yamlIsBlankOrBreakOrEnd(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
    if i >= b.count { return true }
    let c = b[i]
    return c == 0x20 || c == 0x09 || c == 0 || yamlIsBreak(b, i)
}

/// go-yaml's `is_bom(b, i)` ignores `i` and looks at the start of the value.
@inline(__always)
func yamlStartsWithBOM(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF
}
