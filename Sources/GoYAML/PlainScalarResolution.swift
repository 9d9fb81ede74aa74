/// What go-yaml v2's `resolve("", s)` makes of an untagged plain scalar. The emitter quotes a
/// string exactly when this is not `.string` (or the text is a YAML 1.1 base-60 number), and the
/// YAML reader uses it to type plain scalars.
enum ResolvedPlainScalar: Equatable {
    case string
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case float(Double)
    /// A timestamp; decoded into an interface it stays the original text.
    case timestamp
    case merge

    static func == (a: ResolvedPlainScalar, b: ResolvedPlainScalar) -> Bool {
        switch (a, b) {
        case (.string, .string), (.null, .null), (.timestamp, .timestamp), (.merge, .merge): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.uint(x), .uint(y)): return x == y
        case let (.float(x), .float(y)): return x == y || (x.isNaN && y.isNaN)
        default: return false
        }
    }
}

/// True when writing `value` as a plain scalar would not read back as the same string.
func plainScalarChangesType(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
    if value.isEmpty { return true }
    switch resolveHint(value[0]) {
    case .none: return false
    default: break
    }
    if resolvePlainScalar(value) != .string { return true }
    return isBase60Float(value)
}

private enum ResolveHint { case none, sign, digit, word, dot }

/// go-yaml's `resolveTable`: only these first bytes can start a non-string plain scalar.
@inline(__always)
private func resolveHint(_ c: UInt8) -> ResolveHint {
    switch c {
    case UInt8(ascii: "+"), UInt8(ascii: "-"): return .sign
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return .digit
    case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"),
         UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
         UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "~"):
        return .word
    case UInt8(ascii: "."): return .dot
    default: return .none
    }
}

func resolvePlainScalar(_ value: UnsafeBufferPointer<UInt8>) -> ResolvedPlainScalar {
    if value.isEmpty { return .null }
    let hint = resolveHint(value[0])
    if case .none = hint { return .string }
    if let word = resolveWord(value) { return word }
    switch hint {
    case .none, .word:
        return .string
    case .dot:
        if let f = goParseDecimalFloat(value) { return .float(f) }
        return .string
    case .sign, .digit:
        if isGoYAMLTimestamp(value) { return .timestamp }
        return resolveNumber(value)
    }
}

/// The fixed words of go-yaml's resolve map (bools, nulls, special floats, merge).
private func resolveWord(_ v: UnsafeBufferPointer<UInt8>) -> ResolvedPlainScalar? {
    let n = v.count
    guard n <= 6 else { return nil }
    func eq(_ s: StaticString) -> Bool {
        guard s.utf8CodeUnitCount == n else { return false }
        let p = s.utf8Start
        for i in 0..<n where p[i] != v[i] { return false }
        return true
    }
    if eq("y") || eq("Y") || eq("yes") || eq("Yes") || eq("YES")
        || eq("true") || eq("True") || eq("TRUE") || eq("on") || eq("On") || eq("ON") {
        return .bool(true)
    }
    if eq("n") || eq("N") || eq("no") || eq("No") || eq("NO")
        || eq("false") || eq("False") || eq("FALSE") || eq("off") || eq("Off") || eq("OFF") {
        return .bool(false)
    }
    if eq("~") || eq("null") || eq("Null") || eq("NULL") { return .null }
    if eq(".nan") || eq(".NaN") || eq(".NAN") { return .float(.nan) }
    if eq(".inf") || eq(".Inf") || eq(".INF") || eq("+.inf") || eq("+.Inf") || eq("+.INF") {
        return .float(.infinity)
    }
    if eq("-.inf") || eq("-.Inf") || eq("-.INF") { return .float(-.infinity) }
    if eq("<<") { return .merge }
    return nil
}

/// Ints (any Go base prefix, leading-0 octal, `_` ignored), then uints, then decimal floats that
/// Go can represent, then the `0b` oddities of go-yaml's resolve.
private func resolveNumber(_ value: UnsafeBufferPointer<UInt8>) -> ResolvedPlainScalar {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: value.count) { scratch in
        var n = 0
        for c in value where c != UInt8(ascii: "_") {
            scratch[n] = c
            n += 1
        }
        let plain = UnsafeBufferPointer(rebasing: scratch[0..<n])
        if let i = goParseInt(plain, base: 0) { return .int(i) }
        if let u = goParseUint(plain, base: 0) { return .uint(u) }
        if matchesYAMLStyleFloat(plain), let f = goParseDecimalFloat(plain) { return .float(f) }
        if n >= 2 && plain[0] == UInt8(ascii: "0") && plain[1] == UInt8(ascii: "b") {
            let digits = UnsafeBufferPointer(rebasing: plain[2...])
            if let i = goParseInt(digits, base: 2) { return .int(i) }
            if let u = goParseUint(digits, base: 2) { return .uint(u) }
        } else if n >= 3 && plain[0] == UInt8(ascii: "-") && plain[1] == UInt8(ascii: "0") && plain[2] == UInt8(ascii: "b") {
            // go-yaml re-parses "-" + the digits; a sign after the prefix makes this fail.
            let digits = UnsafeBufferPointer(rebasing: plain[3...])
            if let first = digits.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { return .string }
            if let u = goParseUint(digits, base: 2), u <= UInt64(Int64.max) + 1 {
                return .int(u == UInt64(Int64.max) + 1 ? Int64.min : -Int64(u))
            }
        }
        return .string
    }
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
private func matchesYAMLStyleFloat(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let n = s.count
    func isDigit(_ j: Int) -> Bool { j < n && s[j] >= 48 && s[j] <= 57 }
    if i < n && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
    if i < n && s[i] == UInt8(ascii: ".") {
        i += 1
        guard isDigit(i) else { return false }
        while isDigit(i) { i += 1 }
    } else {
        guard isDigit(i) else { return false }
        while isDigit(i) { i += 1 }
        if i < n && s[i] == UInt8(ascii: ".") {
            i += 1
            while isDigit(i) { i += 1 }
        }
    }
    if i < n && (s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E")) {
        i += 1
        if i < n && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
        guard isDigit(i) else { return false }
        while isDigit(i) { i += 1 }
    }
    return i == n
}

/// YAML 1.1 base 60: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`. go-yaml quotes these
/// on output although it reads them as strings.
func isBase60Float(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = s.count
    var i = 0
    func isDigit(_ j: Int) -> Bool { j < n && s[j] >= 48 && s[j] <= 57 }
    if i < n && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
    guard isDigit(i) else { return false }
    i += 1
    while i < n && (isDigit(i) || s[i] == UInt8(ascii: "_")) { i += 1 }
    var groups = 0
    while i < n && s[i] == UInt8(ascii: ":") {
        i += 1
        // [0-5]?[0-9]: one digit, or two with the first in 0...5.
        guard isDigit(i) else { return false }
        if isDigit(i + 1) && s[i] <= UInt8(ascii: "5") {
            i += 2
        } else {
            i += 1
        }
        groups += 1
    }
    guard groups > 0 else { return false }
    if i < n && s[i] == UInt8(ascii: ".") {
        i += 1
        while i < n && (isDigit(i) || s[i] == UInt8(ascii: "_")) { i += 1 }
    }
    return i == n
}
