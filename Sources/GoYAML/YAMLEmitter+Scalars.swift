import GoJSON

/// Scalar style choice and the four scalar writers, ported from go-yaml v2's encoder
/// (`stringv`) and emitter (`select_scalar_style`, `write_*_scalar`).
extension YAMLEmitter {
    enum ScalarStyle { case plain, singleQuoted, doubleQuoted, literal }

    mutating func writeString(_ value: UnsafeBufferPointer<UInt8>, _ analysis: ScalarAnalysis, changesType: Bool? = nil) {
        var style: ScalarStyle
        if analysis.hasLineFeed {
            style = .literal
        } else if changesType ?? plainScalarChangesType(value) {
            style = .doubleQuoted
        } else {
            style = .plain
        }
        if simpleKeyContext && analysis.multiline { style = .doubleQuoted }
        if style == .plain {
            if !analysis.blockPlainAllowed { style = .singleQuoted }
            if value.isEmpty && simpleKeyContext { style = .singleQuoted }
        }
        if style == .singleQuoted && !analysis.singleQuotedAllowed { style = .doubleQuoted }
        if style == .literal && (!analysis.blockAllowed || simpleKeyContext) { style = .doubleQuoted }

        // The scalar's own indentation level (go-yaml pushes and pops it around the scalar).
        let outerIndent = indent
        indent = indent < 0 ? YAMLEmitter.bestIndent : indent + YAMLEmitter.bestIndent
        let allowBreaks = !simpleKeyContext
        switch style {
        case .plain: writePlain(value, analysis, allowBreaks: allowBreaks)
        case .singleQuoted: writeSingleQuoted(value, allowBreaks: allowBreaks)
        case .doubleQuoted: writeDoubleQuoted(value, allowBreaks: allowBreaks)
        case .literal: writeLiteral(value)
        }
        indent = outerIndent
    }

    /// Plain scalars never contain line breaks (the analysis forbids it), only spaces to fold at.
    mutating func writePlain(_ value: UnsafeBufferPointer<UInt8>, _ analysis: ScalarAnalysis, allowBreaks: Bool) {
        if !whitespace { putSpace() }
        if !analysis.hasSpace || !allowBreaks || column + analysis.characterCount <= YAMLEmitter.bestWidth {
            buffer.append(value)
            column += analysis.characterCount
        } else {
            var spaces = false
            var i = 0
            while i < value.count {
                if value[i] == 0x20 {
                    if !spaces && column > YAMLEmitter.bestWidth && byteAt(value, i + 1) != 0x20 {
                        writeIndent()
                        i += 1
                    } else {
                        writeCharacter(value, &i)
                    }
                    spaces = true
                } else {
                    writeCharacter(value, &i)
                    indention = false
                    spaces = false
                }
            }
        }
        whitespace = false
        indention = false
    }

    mutating func writeSingleQuoted(_ value: UnsafeBufferPointer<UInt8>, allowBreaks: Bool) {
        writeIndicator(UInt8(ascii: "'"), needWhitespace: true, isWhitespace: false, isIndention: false)
        var spaces = false
        var breaks = false
        var i = 0
        let n = value.count
        while i < n {
            if value[i] == 0x20 {
                if allowBreaks && !spaces && column > YAMLEmitter.bestWidth && i > 0 && i < n - 1
                    && value[i + 1] != 0x20 {
                    writeIndent()
                    i += 1
                } else {
                    writeCharacter(value, &i)
                }
                spaces = true
            } else if yamlIsBreak(value, i) {
                if !breaks && value[i] == 0x0A { putBreak() }
                writeBreak(value, &i)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                if value[i] == UInt8(ascii: "'") {
                    buffer.append(UInt8(ascii: "'"))
                    column += 1
                }
                writeCharacter(value, &i)
                indention = false
                spaces = false
                breaks = false
            }
        }
        writeIndicator(UInt8(ascii: "'"), needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    mutating func writeDoubleQuoted(_ value: UnsafeBufferPointer<UInt8>, allowBreaks: Bool) {
        writeIndicator(UInt8(ascii: "\""), needWhitespace: true, isWhitespace: false, isIndention: false)
        // go-yaml checks for a BOM at the start of the value, not at the current character, so
        // a value starting with U+FEFF has every character escaped.
        let escapeAll = yamlStartsWithBOM(value)
        var spaces = false
        var i = 0
        let n = value.count
        while i < n {
            let c = value[i]
            if escapeAll || !yamlIsPrintable(value, i) || yamlIsBreak(value, i)
                || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") {
                let (rune, width) = rawRune(value, i)
                i += width
                writeEscape(rune)
                spaces = false
            } else if c == 0x20 {
                if allowBreaks && !spaces && column > YAMLEmitter.bestWidth && i > 0 && i < n - 1 {
                    writeIndent()
                    if value[i + 1] == 0x20 {
                        buffer.append(UInt8(ascii: "\\"))
                        column += 1
                    }
                    i += 1
                } else {
                    writeCharacter(value, &i)
                }
                spaces = true
            } else {
                writeCharacter(value, &i)
                spaces = false
            }
        }
        writeIndicator(UInt8(ascii: "\""), needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    /// The code point at `i` decoded the way the emitter does (lead-byte mask, no validation).
    private func rawRune(_ value: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let lead = value[i]
        var w = utf8Width(lead)
        var v: UInt32
        switch w {
        case 1: v = UInt32(lead & 0x7F)
        case 2: v = UInt32(lead & 0x1F)
        case 3: v = UInt32(lead & 0x0F)
        case 4: v = UInt32(lead & 0x07)
        default: return (UInt32(lead), 1)
        }
        w = min(w, value.count - i)
        for k in 1..<max(w, 1) {
            v = (v << 6) + UInt32(value[i + k] & 0x3F)
        }
        return (v, max(w, 1))
    }

    private mutating func writeEscape(_ v: UInt32) {
        buffer.append(UInt8(ascii: "\\"))
        column += 1
        let short: UInt8
        switch v {
        case 0x00: short = UInt8(ascii: "0")
        case 0x07: short = UInt8(ascii: "a")
        case 0x08: short = UInt8(ascii: "b")
        case 0x09: short = UInt8(ascii: "t")
        case 0x0A: short = UInt8(ascii: "n")
        case 0x0B: short = UInt8(ascii: "v")
        case 0x0C: short = UInt8(ascii: "f")
        case 0x0D: short = UInt8(ascii: "r")
        case 0x1B: short = UInt8(ascii: "e")
        case 0x22: short = UInt8(ascii: "\"")
        case 0x5C: short = UInt8(ascii: "\\")
        case 0x85: short = UInt8(ascii: "N")
        case 0xA0: short = UInt8(ascii: "_")
        case 0x2028: short = UInt8(ascii: "L")
        case 0x2029: short = UInt8(ascii: "P")
        default:
            let digits: Int
            if v <= 0xFF {
                buffer.append(UInt8(ascii: "x"))
                digits = 2
            } else if v <= 0xFFFF {
                buffer.append(UInt8(ascii: "u"))
                digits = 4
            } else {
                buffer.append(UInt8(ascii: "U"))
                digits = 8
            }
            column += 1
            var shift = (digits - 1) * 4
            while shift >= 0 {
                let d = UInt8((v >> UInt32(shift)) & 0x0F)
                buffer.append(d < 10 ? d + 48 : d + 55)
                column += 1
                shift -= 4
            }
            return
        }
        buffer.append(short)
        column += 1
    }

    mutating func writeLiteral(_ value: UnsafeBufferPointer<UInt8>) {
        writeIndicator(UInt8(ascii: "|"), needWhitespace: true, isWhitespace: false, isIndention: false)
        writeBlockScalarHints(value)
        putBreak()
        indention = true
        whitespace = true
        var breaks = true
        var i = 0
        while i < value.count {
            if yamlIsBreak(value, i) {
                writeBreak(value, &i)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                writeCharacter(value, &i)
                indention = false
                breaks = false
            }
        }
    }

    /// The indentation indicator (when the text starts with a space or break) and the chomping
    /// indicator: `-` without a final break, `+` when the text ends with two breaks or is one.
    private mutating func writeBlockScalarHints(_ value: UnsafeBufferPointer<UInt8>) {
        guard !value.isEmpty else {
            writeIndicator(UInt8(ascii: "-"), needWhitespace: false, isWhitespace: false, isIndention: false)
            return
        }
        if value[0] == 0x20 || yamlIsBreak(value, 0) {
            writeIndicator(UInt8(48 + YAMLEmitter.bestIndent), needWhitespace: false, isWhitespace: false, isIndention: false)
        }
        func characterStart(before end: Int) -> Int {
            var i = end
            while i > 0 && value[i] & 0xC0 == 0x80 { i -= 1 }
            return i
        }
        var chomp: UInt8 = 0
        var i = characterStart(before: value.count - 1)
        if !yamlIsBreak(value, i) {
            chomp = UInt8(ascii: "-")
        } else if i == 0 {
            chomp = UInt8(ascii: "+")
        } else {
            i = characterStart(before: i - 1)
            if yamlIsBreak(value, i) { chomp = UInt8(ascii: "+") }
        }
        if chomp != 0 {
            writeIndicator(chomp, needWhitespace: false, isWhitespace: false, isIndention: false)
        }
    }
}
