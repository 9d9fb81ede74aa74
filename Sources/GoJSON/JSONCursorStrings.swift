/// String literals: the copy-free fast path and Go's unescaping rules.
extension JSONCursor {
    /// Reads a quoted string starting at the opening quote. Clean strings (no escapes, valid
    /// UTF-8) are copied straight from the buffer; the rest go through `scratch`.
    mutating func parseString() throws -> String {
        position += 1
        let start = position
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return s
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { break }
            if b < 0x80 {
                position += 1
                continue
            }
            let length = goUTF8SequenceLength(bytes, at: position)
            if length == 0 { break }
            position += length
        }
        guard position < bytes.count else { throw truncated() }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        return try parseStringSlowPath()
    }

    mutating func parseStringSlowPath() throws -> String {
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if b < 0x20 {
                throw error("control character \(describe(b)) in string literal")
            }
            if b == UInt8(ascii: "\\") {
                try parseEscape()
                continue
            }
            if b < 0x80 {
                scratch.append(b)
                position += 1
                continue
            }
            let length = goUTF8SequenceLength(bytes, at: position)
            if length == 0 {
                scratch.append(contentsOf: utf8ReplacementCharacter)
                position += 1
            } else {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<position + length]))
                position += length
            }
        }
        throw truncated()
    }

    private mutating func parseEscape() throws {
        guard position + 1 < bytes.count else { throw truncated() }
        let c = bytes[position + 1]
        position += 2
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(c)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let first = try readHex4()
            if (0xD800..<0xE000).contains(first) {
                // A high surrogate followed by an escaped low one is a pair; anything else is
                // replaced by U+FFFD without consuming what follows, as Go does.
                if first < 0xDC00, let second = peekEscapedHex4(), (0xDC00..<0xE000).contains(second) {
                    position += 6
                    appendUTF8(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00), to: &scratch)
                } else {
                    scratch.append(contentsOf: utf8ReplacementCharacter)
                }
            } else {
                appendUTF8(first, to: &scratch)
            }
        default:
            throw error("invalid escape \\\(describe(c)) in string", at: position - 2)
        }
    }

    private mutating func readHex4() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw truncated() }
        var value: UInt32 = 0
        for k in 0..<4 {
            guard let digit = hexValue(bytes[position + k]) else {
                throw error("invalid hex digit in \\u escape", at: position + k)
            }
            value = value << 4 | digit
        }
        position += 4
        return value
    }

    private func peekEscapedHex4() -> UInt32? {
        guard position + 6 <= bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
            return nil
        }
        var value: UInt32 = 0
        for k in 2..<6 {
            guard let digit = hexValue(bytes[position + k]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }
}

@inline(__always)
private func hexValue(_ b: UInt8) -> UInt32? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - 0x30)
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - 0x61 + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - 0x41 + 10)
    default: return nil
    }
}
