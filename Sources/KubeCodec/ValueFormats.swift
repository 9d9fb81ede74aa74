import GoJSON

/// Text forms of the special Kubernetes types, as Go prints them.
enum ValueFormats {
    /// RFC 3339 in UTC: `2006-01-02T15:04:05Z`, or with six fraction digits for MicroTime.
    /// Returns false for years outside 0...9999, which Go refuses to marshal.
    static func appendTime(seconds: Int64, nanos: Int64, micro: Bool, to out: inout [UInt8]) -> Bool {
        var secs = seconds
        var ns = nanos
        if ns < 0 || ns >= 1_000_000_000 {
            secs = secs &+ ns / 1_000_000_000
            ns %= 1_000_000_000
            if ns < 0 { ns += 1_000_000_000; secs = secs &- 1 }
        }
        // Days since 1970-01-01 and the time of day, flooring for negative values.
        var days = secs / 86_400
        var rem = secs % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let (y, m, d) = civilDate(daysSinceEpoch: days)
        guard y >= 0 && y <= 9999 else { return false }
        digits(y, 4, &out); out.append(0x2D)
        digits(m, 2, &out); out.append(0x2D)
        digits(d, 2, &out); out.append(0x54)
        digits(rem / 3600, 2, &out); out.append(0x3A)
        digits(rem / 60 % 60, 2, &out); out.append(0x3A)
        digits(rem % 60, 2, &out)
        if micro {
            out.append(0x2E)
            digits(ns / 1000, 6, &out)
        }
        out.append(0x5A)
        return true
    }

    /// Proleptic Gregorian date for a day count from the Unix epoch (era-based civil calendar).
    static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Days from the Unix epoch for a civil date (inverse of `civilDate`).
    static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    @inline(__always)
    static func digits(_ v: Int64, _ width: Int, _ out: inout [UInt8]) {
        var div: Int64 = 1
        for _ in 1..<width { div *= 10 }
        var x = v
        while div > 0 {
            out.append(0x30 + UInt8(x / div % 10))
            x %= div
            div /= 10
        }
    }

    /// Go's `time.Duration.String()`: `1h2m3.5s`, `1.5s`, `300ms`, `2µs`, `0s`.
    static func duration(_ nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let negative = nanoseconds < 0
        var u = negative ? UInt64(bitPattern: 0 &- nanoseconds) : UInt64(nanoseconds)
        var text = ""
        if u < 1_000_000_000 {
            let unit: String
            let precision: Int
            if u < 1_000 { unit = "ns"; precision = 0 }
            else if u < 1_000_000 { unit = "µs"; precision = 3 }
            else { unit = "ms"; precision = 6 }
            let (frac, whole) = fraction(u, precision)
            text = String(whole) + frac + unit
        } else {
            let (frac, wholeSeconds) = fraction(u, 9)
            u = wholeSeconds
            text = String(u % 60) + frac + "s"
            u /= 60
            if u > 0 {
                text = String(u % 60) + "m" + text
                u /= 60
                if u > 0 { text = String(u) + "h" + text }
            }
        }
        return negative ? "-" + text : text
    }

    /// Splits off `precision` decimal digits: (".5" without trailing zeros or "", the integer part).
    private static func fraction(_ v: UInt64, _ precision: Int) -> (String, UInt64) {
        var x = v
        var digits: [Character] = []
        var printing = false
        for _ in 0..<precision {
            let d = x % 10
            printing = printing || d != 0
            if printing { digits.append(Character(Unicode.Scalar(UInt8(0x30 + d)))) }
            x /= 10
        }
        if digits.isEmpty { return ("", x) }
        return ("." + String(digits.reversed()), x)
    }

    /// Standard base64 with padding, as Go's encoding/json prints `[]byte`.
    @inline(__always)
    static func appendBase64(_ data: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        Base64.encode(data, into: &out)
    }

}
