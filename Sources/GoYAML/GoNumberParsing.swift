#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Go's `strconv.ParseUint(s, base, 64)` for base 0 (prefixes 0b/0o/0x and a bare leading 0 for
/// octal) or an explicit base. Returns nil where Go returns an error. Underscores are not
/// accepted: go-yaml strips them before calling.
func goParseUint(_ s: UnsafeBufferPointer<UInt8>, base requestedBase: Int) -> UInt64? {
    if s.isEmpty { return nil }
    var i = 0
    var base = UInt64(requestedBase)
    if requestedBase == 0 {
        base = 10
        if s[0] == UInt8(ascii: "0") {
            let next = s.count >= 3 ? s[1] | 0x20 : 0
            switch next {
            case UInt8(ascii: "b"): base = 2; i = 2
            case UInt8(ascii: "o"): base = 8; i = 2
            case UInt8(ascii: "x"): base = 16; i = 2
            default: base = 8; i = 1
            }
        }
    }
    var value: UInt64 = 0
    while i < s.count {
        let c = s[i]
        let digit: UInt64
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(c - 48)
        case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = UInt64(c - 97 + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = UInt64(c - 65 + 10)
        default: return nil
        }
        if digit >= base { return nil }
        let (m, o1) = value.multipliedReportingOverflow(by: base)
        let (a, o2) = m.addingReportingOverflow(digit)
        if o1 || o2 { return nil }
        value = a
        i += 1
    }
    return value
}

/// Go's `strconv.ParseInt(s, base, 64)`: an optional sign, then `ParseUint`, then the int64 range.
func goParseInt(_ s: UnsafeBufferPointer<UInt8>, base: Int) -> Int64? {
    if s.isEmpty { return nil }
    var negative = false
    var rest = s
    if s[0] == UInt8(ascii: "+") || s[0] == UInt8(ascii: "-") {
        negative = s[0] == UInt8(ascii: "-")
        rest = UnsafeBufferPointer(rebasing: s[1...])
    }
    guard let magnitude = goParseUint(rest, base: base) else { return nil }
    let limit = UInt64(Int64.max) + 1
    if negative {
        if magnitude > limit { return nil }
        return magnitude == limit ? Int64.min : -Int64(magnitude)
    }
    if magnitude >= limit { return nil }
    return Int64(magnitude)
}

/// Go's `strconv.ParseFloat(s, 64)` restricted to decimal syntax (which is all go-yaml's resolve
/// can reach): sign, digits with at most one dot, optional exponent, `_` separators allowed by
/// Go's underscore rule; nil when the syntax is wrong or the value overflows to infinity.
func goParseDecimalFloat(_ s: UnsafeBufferPointer<UInt8>) -> Double? {
    let n = s.count
    var i = 0
    var underscores = false
    if i < n && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
    var sawDot = false
    var sawDigits = false
    while i < n {
        let c = s[i]
        if c == UInt8(ascii: "_") {
            underscores = true
        } else if c == UInt8(ascii: ".") {
            if sawDot { break }
            sawDot = true
        } else if c >= 48 && c <= 57 {
            sawDigits = true
        } else {
            break
        }
        i += 1
    }
    guard sawDigits else { return nil }
    if i < n && (s[i] | 0x20) == UInt8(ascii: "e") {
        i += 1
        if i < n && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
        guard i < n, s[i] >= 48, s[i] <= 57 else { return nil }
        while i < n && ((s[i] >= 48 && s[i] <= 57) || s[i] == UInt8(ascii: "_")) {
            if s[i] == UInt8(ascii: "_") { underscores = true }
            i += 1
        }
    }
    guard i == n else { return nil }
    if underscores && !goUnderscoreOK(s) { return nil }
    let value: Double = withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buffer in
        var k = 0
        for c in s where c != UInt8(ascii: "_") {
            buffer[k] = CChar(bitPattern: c)
            k += 1
        }
        buffer[k] = 0
        return strtod(buffer.baseAddress!, nil)
    }
    return value.isFinite ? value : nil
}

/// Go's rule for `_` in number literals (strconv `underscoreOK`): each `_` sits between digits
/// (a base prefix counts as a digit).
private func goUnderscoreOK(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
    var saw: UInt8 = UInt8(ascii: "^")
    var i = 0
    if i < s.count && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
    var hex = false
    if s.count - i >= 2 && s[i] == UInt8(ascii: "0") {
        let p = s[i + 1] | 0x20
        if p == UInt8(ascii: "b") || p == UInt8(ascii: "o") || p == UInt8(ascii: "x") {
            i += 2
            saw = UInt8(ascii: "0")
            hex = p == UInt8(ascii: "x")
        }
    }
    while i < s.count {
        let c = s[i]
        if (c >= 48 && c <= 57) || (hex && (c | 0x20) >= 97 && (c | 0x20) <= 102) {
            saw = UInt8(ascii: "0")
        } else if c == UInt8(ascii: "_") {
            if saw != UInt8(ascii: "0") { return false }
            saw = UInt8(ascii: "_")
        } else {
            if saw == UInt8(ascii: "_") { return false }
            saw = UInt8(ascii: "!")
        }
        i += 1
    }
    return saw != UInt8(ascii: "_")
}
