/// Decimal text of an integer, written into a small stack buffer (no allocation).
func withDecimal<R>(magnitude: UInt64, negative: Bool, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
        var i = 24
        var m = magnitude
        repeat {
            i -= 1
            buffer[i] = UInt8(48 + m % 10)
            m /= 10
        } while m != 0
        if negative {
            i -= 1
            buffer[i] = UInt8(ascii: "-")
        }
        return body(UnsafeBufferPointer(rebasing: buffer[i..<24]))
    }
}

/// What go-yaml prints for a float64: `strconv.FormatFloat(v, 'g', -1, 64)`, i.e. shortest
/// digits, exponent form (at least two exponent digits) when the decimal exponent is < -4 or
/// >= 6, otherwise fixed form; NaN and infinities become `.nan`, `.inf`, `-.inf`.
func withGoYAMLFloatText<R>(_ v: Double, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if v.isNaN { return withStatic(".nan", body) }
    if v.isInfinite { return withStatic(v < 0 ? "-.inf" : ".inf", body) }
    return withGoGFormat(v.magnitude.description, negative: v.sign == .minus, body)
}

/// `strconv.FormatFloat(Double(v), 'g', -1, 32)` as sigs.k8s.io/yaml uses for float map keys.
func goYAMLFloat32KeyText(_ v: Double) -> String {
    if v.isNaN { return ".nan" }
    let f = Float(v)
    if f.isInfinite { return f < 0 ? "-.inf" : ".inf" }
    return withGoGFormat(f.magnitude.description, negative: f.sign == .minus) { String(decoding: $0, as: UTF8.self) }
}

/// strconv's shortest 'g' layout of the digits in `shortestText` (a Swift `description`).
private func withGoGFormat<R>(_ shortestText: String, negative: Bool, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    withShortestDigits(shortestText) { digits, decimalPoint in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { out in
            var n = 0
            func put(_ c: UInt8) { out[n] = c; n += 1 }
            if negative { put(UInt8(ascii: "-")) }
            let nd = digits.count
            let exponent = nd == 0 ? 0 : decimalPoint - 1
            // With precision -1 strconv decides between %e and %f as if the precision were 6.
            if nd != 0 && (exponent < -4 || exponent >= 6) {
                put(digits[0])
                if nd > 1 {
                    put(UInt8(ascii: "."))
                    for k in 1..<nd { put(digits[k]) }
                }
                put(UInt8(ascii: "e"))
                var e = exponent
                if e < 0 { put(UInt8(ascii: "-")); e = -e } else { put(UInt8(ascii: "+")) }
                if e < 10 {
                    put(UInt8(ascii: "0")); put(UInt8(48 + e))
                } else if e < 100 {
                    put(UInt8(48 + e / 10)); put(UInt8(48 + e % 10))
                } else {
                    put(UInt8(48 + e / 100)); put(UInt8(48 + (e / 10) % 10)); put(UInt8(48 + e % 10))
                }
            } else {
                if decimalPoint > 0 {
                    for k in 0..<decimalPoint { put(k < nd ? digits[k] : UInt8(ascii: "0")) }
                } else {
                    put(UInt8(ascii: "0"))
                }
                let fraction = max(nd - decimalPoint, 0)
                if fraction > 0 {
                    put(UInt8(ascii: "."))
                    for k in 0..<fraction {
                        let j = decimalPoint + k
                        put(j >= 0 && j < nd ? digits[j] : UInt8(ascii: "0"))
                    }
                }
            }
            return body(UnsafeBufferPointer(rebasing: out[0..<n]))
        }
    }
}

private func withStatic<R>(_ s: StaticString, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    body(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
}

/// The digits of a Swift `description` of a non-negative float (Swift prints the shortest,
/// closest round-trip digits, as Go's shortest formatting does), without leading/trailing
/// zeros, and the decimal point position: value = 0.d1d2…dn × 10^decimalPoint.
func withShortestDigits<R>(_ shortestText: String, _ body: (UnsafeBufferPointer<UInt8>, Int) -> R) -> R {
    var text = shortestText
    return text.withUTF8 { s in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: s.count) { digits in
            var n = 0
            var beforePoint = 0
            var seenPoint = false
            var exponent = 0
            var i = 0
            while i < s.count {
                let c = s[i]
                if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                    var sign = 1
                    i += 1
                    while i < s.count {
                        let e = s[i]
                        if e == UInt8(ascii: "-") { sign = -1 } else if e >= 48 && e <= 57 { exponent = exponent * 10 + Int(e - 48) }
                        i += 1
                    }
                    exponent *= sign
                    break
                }
                if c == UInt8(ascii: ".") {
                    seenPoint = true
                } else if c >= 48 && c <= 57 {
                    digits[n] = c
                    n += 1
                    if !seenPoint { beforePoint += 1 }
                }
                i += 1
            }
            var start = 0
            var point = beforePoint + exponent
            while start < n && digits[start] == UInt8(ascii: "0") {
                start += 1
                point -= 1
            }
            var end = n
            while end > start && digits[end - 1] == UInt8(ascii: "0") { end -= 1 }
            if start == end { return body(UnsafeBufferPointer(rebasing: digits[0..<0]), 0) }
            return body(UnsafeBufferPointer(rebasing: digits[start..<end]), point)
        }
    }
}
