/// Reading state for `CBORDecoder`: a position in a borrowed buffer.
struct CBORCursor {
    /// Bignums longer than this are refused: the decimal conversion is quadratic.
    static let maxBignumBytes = 4096

    let bytes: UnsafeBufferPointer<UInt8>
    let options: CBORDecodeOptions
    var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, options: CBORDecodeOptions) {
        self.bytes = bytes
        self.options = options
    }

    var atEnd: Bool { position >= bytes.count }

    private struct Head {
        var major: UInt8
        var info: UInt8
        var argument: UInt64
        var indefinite: Bool { info == 31 }
    }

    func error(_ message: String, at offset: Int? = nil) -> CBORDecodeError {
        CBORDecodeError(offset: offset ?? position, message: message)
    }

    func truncated() -> CBORDecodeError {
        CBORDecodeError(offset: bytes.count, message: CBORDecodeError.truncatedMessage)
    }

    private mutating func readHead() throws -> Head {
        guard position < bytes.count else { throw truncated() }
        let initial = bytes[position]
        let major = initial >> 5
        let info = initial & 0x1F
        position += 1
        let width: Int
        switch info {
        case 0..<24: return Head(major: major, info: info, argument: UInt64(info))
        case 24: width = 1
        case 25: width = 2
        case 26: width = 4
        case 27: width = 8
        case 31:
            guard major >= 2 && major != 6 else { throw error("indefinite length is not allowed for major type \(major)", at: position - 1) }
            return Head(major: major, info: info, argument: 0)
        default:
            throw error("reserved additional information \(info)", at: position - 1)
        }
        guard bytes.count - position >= width else { throw truncated() }
        var argument: UInt64 = 0
        for k in 0..<width { argument = argument << 8 | UInt64(bytes[position + k]) }
        position += width
        return Head(major: major, info: info, argument: argument)
    }

    /// A definite length that fits in what is left of the input (each element needs at least
    /// `minimumElementSize` bytes), so a forged length cannot trigger a huge allocation.
    private func checkedLength(_ argument: UInt64, minimumElementSize: Int) throws -> Int {
        let remaining = UInt64(bytes.count - position)
        guard argument <= remaining / UInt64(minimumElementSize) else { throw truncated() }
        return Int(argument)
    }

    mutating func decodeItem(depth: Int, byteStrings: CBORByteStringForm) throws -> JSONValue {
        let start = position
        let head = try readHead()
        switch head.major {
        case 0:
            return .number(String(head.argument))
        case 1:
            // -1 - n; n + 1 overflows UInt64 only for the most negative value.
            if head.argument == UInt64.max { return .number("-18446744073709551616") }
            return .number("-" + String(head.argument + 1))
        case 2:
            return .string(try withByteString(head, major: 2) { CBORCursor.render($0, as: byteStrings) })
        case 3:
            let text: String? = try withByteString(head, major: 3) { chunk in
                BinaryText.isValidUTF8(chunk) ? String(decoding: chunk, as: UTF8.self) : nil
            }
            guard let text else { throw error("text string is not valid UTF-8", at: start) }
            return .string(text)
        case 4:
            return try decodeArray(head, depth: depth + 1, byteStrings: byteStrings, start: start)
        case 5:
            return try decodeMap(head, depth: depth + 1, byteStrings: byteStrings, start: start)
        case 6:
            return try decodeTagged(head.argument, depth: depth + 1, byteStrings: byteStrings, start: start)
        default:
            return try decodeSimple(head, start: start)
        }
    }

    private mutating func decodeArray(_ head: Head, depth: Int, byteStrings: CBORByteStringForm, start: Int) throws -> JSONValue {
        guard depth <= options.maxDepth else { throw error("nesting deeper than \(options.maxDepth)", at: start) }
        var elements: [JSONValue] = []
        if head.indefinite {
            while try !consumeBreak() {
                elements.append(try decodeItem(depth: depth, byteStrings: byteStrings))
            }
        } else {
            let count = try checkedLength(head.argument, minimumElementSize: 1)
            elements.reserveCapacity(count)
            for _ in 0..<count {
                elements.append(try decodeItem(depth: depth, byteStrings: byteStrings))
            }
        }
        return .array(elements)
    }

    private mutating func decodeMap(_ head: Head, depth: Int, byteStrings: CBORByteStringForm, start: Int) throws -> JSONValue {
        guard depth <= options.maxDepth else { throw error("nesting deeper than \(options.maxDepth)", at: start) }
        var members: [JSONMember] = []
        if head.indefinite {
            while try !consumeBreak() {
                let key = try decodeKey()
                members.append(JSONMember(key, try decodeItem(depth: depth, byteStrings: byteStrings)))
            }
        } else {
            let count = try checkedLength(head.argument, minimumElementSize: 2)
            members.reserveCapacity(count)
            for _ in 0..<count {
                let key = try decodeKey()
                members.append(JSONMember(key, try decodeItem(depth: depth, byteStrings: byteStrings)))
            }
        }
        return .object(members)
    }

    /// JSON keys are strings; Kubernetes writes them as byte strings, other encoders as text.
    private mutating func decodeKey() throws -> String {
        let start = position
        let head = try readHead()
        switch head.major {
        case 2:
            return try withByteString(head, major: 2) { BinaryText.goString($0) }
        case 3:
            let text: String? = try withByteString(head, major: 3) { chunk in
                BinaryText.isValidUTF8(chunk) ? String(decoding: chunk, as: UTF8.self) : nil
            }
            guard let text else { throw error("map key is not valid UTF-8", at: start) }
            return text
        default:
            throw error("map key of major type \(head.major) cannot be a JSON object key", at: start)
        }
    }

    private mutating func decodeTagged(_ tag: UInt64, depth: Int, byteStrings: CBORByteStringForm, start: Int) throws -> JSONValue {
        guard depth <= options.maxDepth else { throw error("nesting deeper than \(options.maxDepth)", at: start) }
        switch tag {
        case 21: return try decodeItem(depth: depth, byteStrings: .base64URL)
        case 22: return try decodeItem(depth: depth, byteStrings: .base64)
        case 23: return try decodeItem(depth: depth, byteStrings: .base16)
        case 2, 3:
            // Bignums: the content must be a byte string holding the magnitude.
            guard position < bytes.count else { throw truncated() }
            guard bytes[position] >> 5 == 2 else { throw error("bignum tag \(tag) must enclose a byte string") }
            let head = try readHead()
            let text: String = try withByteString(head, major: 2) { magnitude in
                guard magnitude.count <= CBORCursor.maxBignumBytes else { return nil }
                return BinaryText.bignumDecimal(magnitude, negative: tag == 3)
            } ?? { throw error("bignum longer than \(CBORCursor.maxBignumBytes) bytes", at: start) }()
            return .number(text)
        default:
            // 55799 (self-described CBOR) and every other tag: the content is what matters.
            return try decodeItem(depth: depth, byteStrings: byteStrings)
        }
    }

    private mutating func decodeSimple(_ head: Head, start: Int) throws -> JSONValue {
        switch head.info {
        case 20: return .bool(false)
        case 21: return .bool(true)
        case 22, 23: return .null
        case 25: return try float(halfToDouble(UInt16(head.argument)), start: start)
        case 26: return try float(Double(Float(bitPattern: UInt32(head.argument))), start: start)
        case 27: return try float(Double(bitPattern: head.argument), start: start)
        case 31: throw error("unexpected break", at: start)
        default: throw error("simple value \(head.argument) has no JSON form", at: start)
        }
    }

    /// Kubernetes rejects NaN and infinities: JSON cannot represent them.
    private func float(_ value: Double, start: Int) throws -> JSONValue {
        guard value.isFinite else { throw error("\(value) has no JSON form", at: start) }
        return .number(goFormatFloat64(value))
    }

    private mutating func consumeBreak() throws -> Bool {
        guard position < bytes.count else { throw truncated() }
        if bytes[position] == 0xFF {
            position += 1
            return true
        }
        return false
    }

    /// Calls `body` with the string's bytes: a slice of the input when definite, or the chunks
    /// joined when indefinite (each chunk must be a definite string of the same major type).
    private mutating func withByteString<T>(_ head: Head, major: UInt8, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
        if !head.indefinite {
            let length = try checkedLength(head.argument, minimumElementSize: 1)
            let slice = UnsafeBufferPointer(rebasing: bytes[position..<position + length])
            position += length
            return try body(slice)
        }
        var joined: [UInt8] = []
        while try !consumeBreak() {
            let chunkStart = position
            let chunk = try readHead()
            guard chunk.major == major, !chunk.indefinite else {
                throw error("chunk of an indefinite-length string must be a definite string of the same type", at: chunkStart)
            }
            let length = try checkedLength(chunk.argument, minimumElementSize: 1)
            joined.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<position + length]))
            position += length
        }
        return try joined.withUnsafeBufferPointer { try body($0) }
    }

    private static func render(_ bytes: UnsafeBufferPointer<UInt8>, as form: CBORByteStringForm) -> String {
        switch form {
        case .text: return BinaryText.goString(bytes)
        case .base64: return BinaryText.base64(bytes, url: false)
        case .base64URL: return BinaryText.base64(bytes, url: true)
        case .base16: return BinaryText.base16(bytes)
        }
    }
}

/// IEEE 754 binary16 to Double, written out so it does not depend on Float16 availability.
func halfToDouble(_ bits: UInt16) -> Double {
    let negative = bits & 0x8000 != 0
    let exponent = Int((bits >> 10) & 0x1F)
    let mantissa = Double(bits & 0x3FF)
    let magnitude: Double
    switch exponent {
    case 0: magnitude = mantissa * 0x1p-24
    case 31: magnitude = mantissa == 0 ? .infinity : .nan
    default: magnitude = (1024 + mantissa) * Double(sign: .plus, exponent: exponent - 25, significand: 1)
    }
    return negative ? -magnitude : magnitude
}
