/// Appends `utf8` as a quoted JSON string exactly as Go's `encoding/json` marshals a string with
/// HTML escaping on (the default for `json.Marshal`), including the Go 1.22 `\b`/`\f` short forms.
/// Bytes that are not valid UTF-8 become `\ufffd`, one per byte, as Go does (the output is lossy
/// for such input by design: it has to match what Kubernetes itself would print).
public func appendGoJSONString(_ utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    out.append(0x22)
    let n = utf8.count
    var runStart = 0
    var i = 0
    if let base = utf8.baseAddress {
        let raw = UnsafeRawPointer(base)
        while i < n {
            // Eight bytes at a time while nothing needs attention (the common case), then byte by
            // byte through the word that does.
            if i + 8 <= n {
                if !wordNeedsAttention(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                    i += 8
                    continue
                }
                let stop = i + 8
                while i < stop { escapeStep(utf8, &i, &runStart, &out) }
                continue
            }
            escapeStep(utf8, &i, &runStart, &out)
        }
    }
    flushRun(utf8, runStart, n, &out)
    out.append(0x22)
}

/// Handles the byte at `i`: passes it over when Go copies it unchanged, otherwise flushes the
/// clean run before it and writes its escape.
@inline(__always)
private func escapeStep(_ utf8: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ runStart: inout Int, _ out: inout [UInt8]) {
    let b = utf8[i]
    if b < 0x80 {
        if isGoJSONSafeASCII(b) {
            i += 1
            return
        }
        flushRun(utf8, runStart, i, &out)
        appendASCIIEscape(b, to: &out)
        i += 1
        runStart = i
        return
    }
    let length = goUTF8SequenceLength(utf8, at: i)
    if length == 0 {
        flushRun(utf8, runStart, i, &out)
        appendEscapeLiteral("\\ufffd", to: &out)
        i += 1
        runStart = i
        return
    }
    // U+2028 / U+2029 are valid JSON but break JavaScript string literals, so Go escapes them.
    if length == 3, b == 0xE2, utf8[i + 1] == 0x80, utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9 {
        flushRun(utf8, runStart, i, &out)
        appendEscapeLiteral(utf8[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", to: &out)
        i += 3
        runStart = i
        return
    }
    i += length
}

/// True when any of the eight bytes is < 0x20, >= 0x80, or one of `"` `\` `<` `>` `&`
/// (classic SWAR zero-byte tests; false positives are impossible for these constants).
@inlinable @inline(__always)
func wordNeedsAttention(_ word: UInt64) -> Bool {
    let everyByte: UInt64 = 0x0101_0101_0101_0101
    let highBits: UInt64 = 0x8080_8080_8080_8080
    @inline(__always) func hasZeroByte(_ v: UInt64) -> Bool { (v &- everyByte) & ~v & highBits != 0 }
    @inline(__always) func has(_ byte: UInt8) -> Bool { hasZeroByte(word ^ (everyByte &* UInt64(byte))) }
    let control = (word &- everyByte &* 0x20) & ~word & highBits != 0
    return control || word & highBits != 0 || has(0x22) || has(0x5C) || has(0x3C) || has(0x3E) || has(0x26)
}

/// How many leading bytes of `utf8` Go's `json.Marshal` copies unchanged into a string literal
/// (printable ASCII other than `"` `\` `<` `>` `&`). Equal to the count when nothing needs
/// escaping, which lets writers copy the string in one go.
@inlinable @inline(__always)
public func goJSONPlainPrefixLength(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = utf8.baseAddress else { return 0 }
    let n = utf8.count
    let raw = UnsafeRawPointer(base)
    var i = 0
    while i + 8 <= n && !wordNeedsAttention(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { i += 8 }
    while i < n && isGoJSONSafeASCII(base[i]) { i += 1 }
    return i
}

/// String convenience for `appendGoJSONString(_:to:)`.
public func appendGoJSONString(_ string: String, to out: inout [UInt8]) {
    var string = string
    string.withUTF8 { appendGoJSONString($0, to: &out) }
}

/// `string` quoted as Go's `json.Marshal` would print it.
public func goJSONQuoted(_ string: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(string.utf8.count + 2)
    appendGoJSONString(string, to: &out)
    return String(decoding: out, as: UTF8.self)
}

// Bit sets of the ASCII bytes Go copies unchanged (htmlSafeSet): printable, minus `"`, `\`, `<`,
// `>`, `&`. Literal constants (not computed globals) so the hot loop has no lazy-init check.
// Bit b of safeLow is byte b (0x00-0x3F); bit b of safeHigh is byte 0x40 + b. The test
// `safeSetMatchesGoRules` re-derives both from the rule.
@usableFromInline let goJSONSafeLow: UInt64 = 0xAFFF_FFBB_0000_0000
@usableFromInline let goJSONSafeHigh: UInt64 = 0xFFFF_FFFF_EFFF_FFFF

@inlinable @inline(__always)
func isGoJSONSafeASCII(_ b: UInt8) -> Bool {
    // Literal constants rather than the globals: no lazy-init check in the caller's loop.
    if b < 0x40 {
        return (0xAFFF_FFBB_0000_0000 as UInt64 >> UInt64(b)) & 1 != 0
    }
    return (0xFFFF_FFFF_EFFF_FFFF as UInt64 >> UInt64(b &- 0x40)) & 1 != 0
}

@inline(__always)
private func flushRun(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ out: inout [UInt8]) {
    if end > start {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<end]))
    }
}

private let lowerHexDigits: [UInt8] = Array("0123456789abcdef".utf8)

private func appendASCIIEscape(_ b: UInt8, to out: inout [UInt8]) {
    out.append(0x5C)
    switch b {
    case 0x22, 0x5C: out.append(b)
    case 0x0A: out.append(UInt8(ascii: "n"))
    case 0x0D: out.append(UInt8(ascii: "r"))
    case 0x09: out.append(UInt8(ascii: "t"))
    case 0x08: out.append(UInt8(ascii: "b"))
    case 0x0C: out.append(UInt8(ascii: "f"))
    default:
        out.append(UInt8(ascii: "u"))
        out.append(UInt8(ascii: "0"))
        out.append(UInt8(ascii: "0"))
        out.append(lowerHexDigits[Int(b >> 4)])
        out.append(lowerHexDigits[Int(b & 0xF)])
    }
}

private func appendEscapeLiteral(_ literal: StaticString, to out: inout [UInt8]) {
    literal.withUTF8Buffer { out.append(contentsOf: $0) }
}
