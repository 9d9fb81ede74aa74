/// `v` as Go's `encoding/json` prints a float64: shortest round-trip digits, fixed notation unless
/// |v| < 1e-6 or |v| >= 1e21, where it uses exponent notation with a minimal exponent (`1e-7`,
/// `1.5e+21`). Go refuses NaN and ±Inf; for those this returns strconv's spelling (`NaN`, `+Inf`,
/// `-Inf`) and callers that need Go's behaviour must reject them first.
public func goFormatFloat64(_ v: Double) -> String {
    guard v.isFinite else { return nonFiniteSpelling(v) }
    let digits = ShortestDecimal(v)
    let magnitude = v.magnitude
    var out: [UInt8] = []
    out.reserveCapacity(32)
    if magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21) {
        digits.appendExponentForm(to: &out)
        // Go trims a leading zero of a negative two-digit exponent: e-07 -> e-7.
        let n = out.count
        if n >= 4, out[n - 4] == UInt8(ascii: "e"), out[n - 3] == UInt8(ascii: "-"), out[n - 2] == UInt8(ascii: "0") {
            out[n - 2] = out[n - 1]
            out.removeLast()
        }
    } else {
        digits.appendFixedForm(to: &out)
    }
    return String(decoding: out, as: UTF8.self)
}

/// `strconv.FormatFloat(v, 'g', -1, 64)`: shortest digits, exponent notation when the decimal
/// exponent is < -4 or >= 6 (with precision -1 strconv decides as if the precision were 6), the
/// exponent printed with at least two digits (`1e+06`, `1e+21`, `1.5e-07`).
public func goFormatFloatG(_ v: Double) -> String {
    guard v.isFinite else { return nonFiniteSpelling(v) }
    let digits = ShortestDecimal(v)
    var out: [UInt8] = []
    out.reserveCapacity(32)
    let exponent = digits.decimalPoint - 1
    if exponent < -4 || exponent >= goShortestGExponentLimit {
        digits.appendExponentForm(to: &out)
    } else {
        digits.appendFixedForm(to: &out)
    }
    return String(decoding: out, as: UTF8.self)
}

/// strconv's 'g' with precision -1 switches to exponent form at this decimal exponent.
let goShortestGExponentLimit = 6

private func nonFiniteSpelling(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    return v < 0 ? "-Inf" : "+Inf"
}

/// The shortest decimal digits that round-trip to a double, in strconv's `decimalSlice` shape:
/// value = 0.d1d2…dn × 10^decimalPoint, no leading or trailing zero digits (n = 0 for zero).
/// Swift's `description` already produces the shortest, closest digits; we only re-lay them out.
struct ShortestDecimal {
    var negative: Bool
    var digits: [UInt8]
    var decimalPoint: Int

    init(_ v: Double) {
        negative = v.sign == .minus
        digits = []
        decimalPoint = 0
        let text = v.magnitude.description
        var exponent = 0
        var digitsBeforePoint = 0
        var seenPoint = false
        var mantissa: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let c = iterator.next() {
            if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                var sign = 1
                var value = 0
                while let e = iterator.next() {
                    if e == UInt8(ascii: "-") { sign = -1 } else if e == UInt8(ascii: "+") { continue } else { value = value * 10 + Int(e &- 48) }
                }
                exponent = sign * value
                break
            }
            if c == UInt8(ascii: ".") {
                seenPoint = true
                continue
            }
            mantissa.append(c)
            if !seenPoint { digitsBeforePoint += 1 }
        }
        var start = 0
        var point = digitsBeforePoint + exponent
        while start < mantissa.count, mantissa[start] == UInt8(ascii: "0") {
            start += 1
            point -= 1
        }
        var end = mantissa.count
        while end > start, mantissa[end - 1] == UInt8(ascii: "0") {
            end -= 1
        }
        if start == end {
            digits = []
            decimalPoint = 0
        } else {
            digits = Array(mantissa[start..<end])
            decimalPoint = point
        }
    }

    /// strconv `fmtF` with precision max(n - decimalPoint, 0).
    func appendFixedForm(to out: inout [UInt8]) {
        if negative { out.append(UInt8(ascii: "-")) }
        let n = digits.count
        if decimalPoint > 0 {
            let whole = min(n, decimalPoint)
            out.append(contentsOf: digits[0..<whole])
            if whole < decimalPoint {
                out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: decimalPoint - whole))
            }
        } else {
            out.append(UInt8(ascii: "0"))
        }
        let fraction = max(n - decimalPoint, 0)
        if fraction > 0 {
            out.append(UInt8(ascii: "."))
            for i in 1...fraction {
                let j = decimalPoint + i - 1
                out.append(j >= 0 && j < n ? digits[j] : UInt8(ascii: "0"))
            }
        }
    }

    /// strconv `fmtE` with precision n - 1 (all digits), exponent at least two digits.
    func appendExponentForm(to out: inout [UInt8]) {
        if negative { out.append(UInt8(ascii: "-")) }
        out.append(digits.first ?? UInt8(ascii: "0"))
        if digits.count > 1 {
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[1...])
        }
        out.append(UInt8(ascii: "e"))
        var exponent = digits.isEmpty ? 0 : decimalPoint - 1
        if exponent < 0 {
            out.append(UInt8(ascii: "-"))
            exponent = -exponent
        } else {
            out.append(UInt8(ascii: "+"))
        }
        if exponent < 10 {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(48 + exponent))
        } else if exponent < 100 {
            out.append(UInt8(48 + exponent / 10))
            out.append(UInt8(48 + exponent % 10))
        } else {
            out.append(UInt8(48 + exponent / 100))
            out.append(UInt8(48 + (exponent / 10) % 10))
            out.append(UInt8(48 + exponent % 10))
        }
    }
}
