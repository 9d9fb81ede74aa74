/// Whether go-yaml v2 reads a plain scalar as a timestamp: the text starts with four digits and
/// `-`, and Go's `time.Parse` (Go 1.19 rules) accepts it with one of go-yaml's layouts:
/// `2006-1-2T15:4:5.999999999Z07:00`, the same with `t`, `2006-1-2 15:4:5.999999999`, `2006-1-2`.
func isGoYAMLTimestamp(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = s.count
    guard n >= 5 else { return false }
    for i in 0..<4 where !(s[i] >= 48 && s[i] <= 57) { return false }
    guard s[4] == UInt8(ascii: "-") else { return false }
    var cursor = TimestampCursor(s: s, i: 5)
    let year = Int(s[0] - 48) * 1000 + Int(s[1] - 48) * 100 + Int(s[2] - 48) * 10 + Int(s[3] - 48)
    guard let month = cursor.number(), month >= 1, month <= 12 else { return false }
    guard cursor.take(UInt8(ascii: "-")), let day = cursor.number() else { return false }
    guard day >= 1, day <= daysIn(month: month, year: year) else { return false }
    if cursor.atEnd { return true }
    let separator = s[cursor.i]
    cursor.i += 1
    let needsZone: Bool
    switch separator {
    case UInt8(ascii: "T"), UInt8(ascii: "t"): needsZone = true
    case UInt8(ascii: " "): needsZone = false
    default: return false
    }
    guard let hour = cursor.number(), hour < 24, cursor.take(UInt8(ascii: ":")),
          let minute = cursor.number(), minute < 60, cursor.take(UInt8(ascii: ":")),
          let second = cursor.number(), second < 60 else { return false }
    cursor.fraction()
    if !needsZone { return cursor.atEnd }
    return cursor.zone() && cursor.atEnd
}

private struct TimestampCursor {
    let s: UnsafeBufferPointer<UInt8>
    var i: Int

    var atEnd: Bool { i >= s.count }

    func isDigit(_ j: Int) -> Bool { j < s.count && s[j] >= 48 && s[j] <= 57 }

    mutating func take(_ c: UInt8) -> Bool {
        guard i < s.count, s[i] == c else { return false }
        i += 1
        return true
    }

    /// Go's `getnum(value, false)`: one or two digits.
    mutating func number() -> Int? {
        guard isDigit(i) else { return nil }
        if isDigit(i + 1) {
            defer { i += 2 }
            return Int(s[i] - 48) * 10 + Int(s[i + 1] - 48)
        }
        defer { i += 1 }
        return Int(s[i] - 48)
    }

    /// `.999999999`: optional; a `.` or `,` followed by a digit starts it, at most nine digits.
    mutating func fraction() {
        guard i + 1 < s.count, s[i] == UInt8(ascii: ".") || s[i] == UInt8(ascii: ","), isDigit(i + 1) else { return }
        var k = 0
        while k < 9 && isDigit(i + 1 + k) { k += 1 }
        i += 1 + k
    }

    /// `Z07:00`: `Z`, or sign, two chars, `:`, two chars, each pair a Go `atoi` (optional sign).
    mutating func zone() -> Bool {
        if i < s.count && s[i] == UInt8(ascii: "Z") {
            i += 1
            return true
        }
        guard s.count - i >= 6, s[i + 3] == UInt8(ascii: ":") else { return false }
        guard atoiPair(i + 1), atoiPair(i + 4) else { return false }
        guard s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") else { return false }
        i += 6
        return true
    }

    private func atoiPair(_ j: Int) -> Bool {
        let a = s[j], b = s[j + 1]
        let aIsDigit = a >= 48 && a <= 57
        let bIsDigit = b >= 48 && b <= 57
        if aIsDigit { return bIsDigit }
        return (a == UInt8(ascii: "+") || a == UInt8(ascii: "-")) && bIsDigit
    }
}

private func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2:
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return leap ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}
