import Yams

/// Yams builds scalar strings with Foundation's UTF-8 decoding, which drops a leading U+FEFF,
/// while go-yaml keeps it. This looks at the scalar's source text (only when the input has a
/// BOM or a `feff` escape at all) and tells whether the value really started with one.
struct LeadingBOMRepair {
    private let utf8: [UInt8]
    private let lineStarts: [Int]

    /// nil when the text cannot contain a BOM-leading scalar, so callers skip all checks.
    init?(_ text: String) {
        let bytes = Array(text.utf8)
        var mayHaveBOM = false
        var i = 0
        while i + 2 < bytes.count {
            if bytes[i] == 0xEF && bytes[i + 1] == 0xBB && bytes[i + 2] == 0xBF { mayHaveBOM = true; break }
            if (bytes[i] | 0x20) == UInt8(ascii: "f") && (bytes[i + 1] | 0x20) == UInt8(ascii: "e")
                && (bytes[i + 2] | 0x20) == UInt8(ascii: "f") { mayHaveBOM = true; break }
            i += 1
        }
        guard mayHaveBOM else { return nil }
        utf8 = bytes
        // Lines as libyaml counts them (its marks are what Yams reports): CR LF, CR, LF, NEL,
        // LS and PS each end a line.
        var starts = [0]
        var k = 0
        while k < bytes.count {
            let b = bytes[k]
            if b == 0x0D {
                k += (k + 1 < bytes.count && bytes[k + 1] == 0x0A) ? 2 : 1
                starts.append(k)
            } else if b == 0x0A {
                k += 1
                starts.append(k)
            } else if b == 0xC2 && k + 1 < bytes.count && bytes[k + 1] == 0x85 {
                k += 2
                starts.append(k)
            } else if b == 0xE2 && k + 2 < bytes.count && bytes[k + 1] == 0x80 && (bytes[k + 2] == 0xA8 || bytes[k + 2] == 0xA9) {
                k += 3
                starts.append(k)
            } else {
                k += 1
            }
        }
        lineStarts = starts
    }

    func restoringLeadingBOM(_ scalar: Node.Scalar) -> String {
        let value = scalar.string
        guard !value.unicodeScalars.starts(with: ["\u{FEFF}"]), let mark = scalar.mark,
              sourceStartsWithBOM(mark: mark, style: scalar.style) else { return value }
        return "\u{FEFF}" + value
    }

    private func sourceStartsWithBOM(mark: Mark, style: Node.Scalar.Style) -> Bool {
        guard mark.line >= 1, mark.line <= lineStarts.count else { return false }
        var p = lineStarts[mark.line - 1]
        var column = 1
        while column < mark.column && p < utf8.count {
            p += 1
            while p < utf8.count && utf8[p] & 0xC0 == 0x80 { p += 1 }
            column += 1
        }
        func at(_ k: Int) -> UInt8 { k < utf8.count ? utf8[k] : 0 }
        func rawBOM(_ k: Int) -> Bool { at(k) == 0xEF && at(k + 1) == 0xBB && at(k + 2) == 0xBF }
        func hex(_ k: Int, _ digits: String) -> Bool {
            for (j, d) in digits.utf8.enumerated() where at(k + j) | 0x20 != d { return false }
            return true
        }
        switch style {
        case .plain: return rawBOM(p)
        case .singleQuoted: return at(p) == UInt8(ascii: "'") && rawBOM(p + 1)
        case .doubleQuoted:
            guard at(p) == UInt8(ascii: "\"") else { return false }
            if rawBOM(p + 1) { return true }
            guard at(p + 1) == UInt8(ascii: "\\") else { return false }
            if at(p + 2) == UInt8(ascii: "u") { return hex(p + 3, "feff") }
            if at(p + 2) == UInt8(ascii: "U") { return hex(p + 3, "0000feff") }
            return false
        default: return false
        }
    }
}
