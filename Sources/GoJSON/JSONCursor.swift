/// The recursive-descent state behind `JSONParser`: a position in a borrowed byte buffer.
struct JSONCursor {
    static let truncatedMessage = "unexpected end of input"

    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var position = 0
    /// Reused for strings that need unescaping, so only the final String allocates.
    var scratch: [UInt8] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    var atEnd: Bool { position >= bytes.count }

    func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? position, message: message)
    }

    func truncated() -> JSONParseError {
        JSONParseError(offset: bytes.count, message: JSONCursor.truncatedMessage)
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws -> JSONValue {
        guard position < bytes.count else { throw truncated() }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected character \(describe(bytes[position])) where a value was expected")
        }
    }

    private mutating func parseObject(depth: Int) throws -> JSONValue {
        guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth)") }
        position += 1
        var members: [JSONMember] = []
        skipWhitespace()
        guard position < bytes.count else { throw truncated() }
        if bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw truncated() }
            guard bytes[position] == UInt8(ascii: "\"") else {
                throw error("expected a string object key, found \(describe(bytes[position]))")
            }
            let key = try parseString()
            skipWhitespace()
            guard position < bytes.count else { throw truncated() }
            guard bytes[position] == UInt8(ascii: ":") else {
                throw error("expected ':' after object key, found \(describe(bytes[position]))")
            }
            position += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            members.append(JSONMember(key, value))
            skipWhitespace()
            guard position < bytes.count else { throw truncated() }
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return .object(members)
            default: throw error("expected ',' or '}' in object, found \(describe(bytes[position]))")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws -> JSONValue {
        guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth)") }
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        guard position < bytes.count else { throw truncated() }
        if bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard position < bytes.count else { throw truncated() }
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return .array(elements)
            default: throw error("expected ',' or ']' in array, found \(describe(bytes[position]))")
            }
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        for k in 0..<count {
            guard position + k < bytes.count else { throw truncated() }
            guard bytes[position + k] == start[k] else {
                throw error("invalid literal, expected \(literal)", at: position + k)
            }
        }
        position += count
    }

    /// JSON number grammar; the text is kept verbatim.
    private mutating func parseNumber() throws -> String {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count else { throw truncated() }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else if isDigit(bytes[position]) {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        } else {
            throw error("expected a digit in number, found \(describe(bytes[position]))")
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            try requireDigits()
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            try requireDigits()
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    private mutating func requireDigits() throws {
        guard position < bytes.count else { throw truncated() }
        guard isDigit(bytes[position]) else {
            throw error("expected a digit in number, found \(describe(bytes[position]))")
        }
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }

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

    private mutating func parseStringSlowPath() throws -> String {
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
private func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

@inline(__always)
private func hexValue(_ b: UInt8) -> UInt32? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - 0x30)
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - 0x61 + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - 0x41 + 10)
    default: return nil
    }
}

private func describe(_ b: UInt8) -> String {
    if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
    let hex = String(b, radix: 16)
    return "0x" + (hex.count == 1 ? "0" + hex : hex)
}
