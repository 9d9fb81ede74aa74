/// Reverses Go's `%q` / `strconv.Quote` for a double-quoted string: the escapes it writes are
/// `\a \b \f \n \r \t \v \\ \"`, `\xHH` for single bytes (control and invalid UTF-8), `\uHHHH`
/// and `\UHHHHHHHH` for non-printable runes; octal escapes are accepted too.
enum GoQuoted {
    static func unquote(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard text.count >= 2, text.first == UInt8(ascii: "\""), text.last == UInt8(ascii: "\"") else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = 1
        let end = text.count - 1
        while i < end {
            let b = text[i]
            if b == UInt8(ascii: "\"") { return nil }
            guard b == UInt8(ascii: "\\") else {
                out.append(b)
                i += 1
                continue
            }
            guard i + 1 < end else { return nil }
            let c = text[i + 1]
            i += 2
            switch c {
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): out.append(c)
            case UInt8(ascii: "x"):
                guard let value = hex(text, &i, digits: 2, end: end) else { return nil }
                out.append(UInt8(value))
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                guard let value = hex(text, &i, digits: c == UInt8(ascii: "u") ? 4 : 8, end: end),
                      let scalar = Unicode.Scalar(value) else { return nil }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = UInt32(c - 0x30)
                for _ in 0..<2 {
                    guard i < end, text[i] >= 0x30, text[i] <= 0x37 else { return nil }
                    value = value * 8 + UInt32(text[i] - 0x30)
                    i += 1
                }
                guard value <= 0xFF else { return nil }
                out.append(UInt8(value))
            default:
                return nil
            }
        }
        return out
    }

    private static func hex(_ text: UnsafeBufferPointer<UInt8>, _ i: inout Int, digits: Int, end: Int) -> UInt32? {
        guard i + digits <= end else { return nil }
        var value: UInt32 = 0
        for k in 0..<digits {
            let b = text[i + k]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - 0x41 + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        i += digits
        return value
    }
}
