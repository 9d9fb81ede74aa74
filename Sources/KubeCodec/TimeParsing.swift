/// Parsers for the text forms Kubernetes accepts for its special types.
enum TimeParsing {
    /// RFC 3339 (`2006-01-02T15:04:05Z`, optional fraction, `Z` or `±hh:mm`), as Go's time.Parse
    /// with time.RFC3339 accepts it. Returns seconds since the epoch and nanoseconds.
    static func parseRFC3339(_ text: String) -> (Int64, Int64)? {
        let b = Array(text.utf8)
        func num(_ i: Int, _ n: Int) -> Int64? {
            guard i + n <= b.count else { return nil }
            var v: Int64 = 0
            for k in i..<(i + n) {
                let c = b[k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int64(c - 0x30)
            }
            return v
        }
        guard b.count >= 20,
              let year = num(0, 4), b[4] == 0x2D, let month = num(5, 2), b[7] == 0x2D, let day = num(8, 2),
              b[10] == 0x54 || b[10] == 0x74, let hour = num(11, 2), b[13] == 0x3A, let minute = num(14, 2),
              b[16] == 0x3A, let second = num(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        var i = 19
        var nanos: Int64 = 0
        if i < b.count && (b[i] == 0x2E || b[i] == 0x2C) {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 {
                if digits < 9 { nanos = nanos * 10 + Int64(b[i] - 0x30) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 9)..<9 { nanos *= 10 }
        }
        guard i < b.count else { return nil }
        var offset: Int64 = 0
        if b[i] == 0x5A || b[i] == 0x7A {
            i += 1
        } else if b[i] == 0x2B || b[i] == 0x2D {
            let sign: Int64 = b[i] == 0x2D ? -1 : 1
            guard let oh = num(i + 1, 2), i + 3 < b.count, b[i + 3] == 0x3A, let om = num(i + 4, 2), oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = ValueFormats.daysFromCivil(year, month, day)
        return (days * 86_400 + hour * 3600 + minute * 60 + second - offset, nanos)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Go's time.ParseDuration: `1h2m3.5s`, `300ms`, `-1.5h`, `2us`/`2µs`, `0`.
    static func parseDuration(_ text: String) -> Int64? {
        var s = Substring(text)
        var negative = false
        if s.first == "-" || s.first == "+" { negative = s.first == "-"; s = s.dropFirst() }
        if s == "0" { return 0 }
        guard !s.isEmpty else { return nil }
        var total: Double = 0
        var exact: Int64 = 0
        var exactOK = true
        while !s.isEmpty {
            var intPart: Int64 = 0
            var digits = 0
            while let c = s.first, c.isASCII, c.isNumber {
                let (m, o1) = intPart.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(c.asciiValue! - 48))
                if o1 || o2 { return nil }
                intPart = a
                digits += 1
                s = s.dropFirst()
            }
            var frac: Int64 = 0
            var scale: Int64 = 1
            if s.first == "." {
                s = s.dropFirst()
                while let c = s.first, c.isASCII, c.isNumber {
                    if scale < 1_000_000_000_000_000 { frac = frac * 10 + Int64(c.asciiValue! - 48); scale *= 10 }
                    digits += 1
                    s = s.dropFirst()
                }
            }
            guard digits > 0 else { return nil }
            let unitStart = s.startIndex
            while let c = s.first, !(c.isASCII && (c.isNumber || c == ".")) { s = s.dropFirst() }
            let unit: Int64
            switch s[unitStart..<s.startIndex] {
            case "ns": unit = 1
            case "us", "µs", "μs": unit = 1_000
            case "ms": unit = 1_000_000
            case "s": unit = 1_000_000_000
            case "m": unit = 60_000_000_000
            case "h": unit = 3_600_000_000_000
            default: return nil
            }
            let (whole, overflow) = intPart.multipliedReportingOverflow(by: unit)
            if overflow { exactOK = false }
            let fracPart = Int64(Double(frac) * (Double(unit) / Double(scale)))
            if exactOK {
                let (sum, o) = exact.addingReportingOverflow(whole)
                let (sum2, o2) = sum.addingReportingOverflow(fracPart)
                if o || o2 { exactOK = false } else { exact = sum2 }
            }
            total += Double(intPart) * Double(unit)
        }
        guard exactOK, total < 9.3e18 else { return nil }
        return negative ? -exact : exact
    }
}
