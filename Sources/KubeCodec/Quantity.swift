// Kubernetes resource.Quantity: parsing and the canonical text the apiserver stores.
//
// Reproduces k8s.io/apimachinery/pkg/api/resource ParseQuantity followed by
// Quantity.String(), including its quirks:
// - a value parsed on the int64 fast path whose text is already "canonical enough"
//   keeps the input text verbatim ("+1" stays "+1", "1.500" stays "1.500");
// - values are rounded up (away from zero) to a multiple of 1n;
// - BinarySI values are capped at 2^63-1 in magnitude;
// - the fast path's exponent arithmetic is 32-bit and wraps like Go's int32.
// The value is never held as a floating point number; larger values use a
// decimal digit string with a base-10 exponent so no zeros are materialised.

/// Why a quantity string was rejected. `description` is Go's error text.
public struct QuantityError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// ErrFormatWrong: the text is not number-then-suffix.
        case formatWrong
        /// ErrNumeric: the number has no digits where Go needs some.
        case numeric
        /// ErrSuffix: unknown suffix, or an exponent outside ±(2^31-1).
        case suffix
        /// The value needs an exponent beyond 32 bits; Go's parser does not
        /// finish (or wraps) on such input, so there is no answer to copy.
        case exponentOutOfRange
    }

    public let kind: Kind

    public init(kind: Kind) {
        self.kind = kind
    }

    public var description: String {
        switch kind {
        case .formatWrong:
            return "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        case .numeric:
            return "unable to parse numeric part of quantity"
        case .suffix:
            return "unable to parse quantity's suffix"
        case .exponentOutOfRange:
            return "quantity exponent is outside the 32-bit range apimachinery can handle"
        }
    }
}

/// The three ways a quantity remembers to print itself, chosen by the input suffix.
public enum QuantityFormat: String, Equatable, Sendable {
    case decimalExponent = "DecimalExponent"
    case binarySI = "BinarySI"
    case decimalSI = "DecimalSI"
}

/// The parsed value: `(negative ? -1 : 1) * digits * 10^exponent`, with `digits`
/// free of leading and trailing zeros ("0" and exponent 0 for zero).
public struct QuantityValue: Equatable, Sendable {
    public let format: QuantityFormat
    public let negative: Bool
    public let digits: String
    public let exponent: Int

    public init(format: QuantityFormat, negative: Bool, digits: String, exponent: Int) {
        self.format = format
        self.negative = negative
        self.digits = digits
        self.exponent = exponent
    }
}

public enum Quantity {
    /// ParseQuantity(text) then String(): the text the apiserver stores for `text`.
    public static func canonical(_ text: String) throws -> String {
        let parsed = try parse(text)
        if parsed.keepsInputText { return text }
        return try parsed.amount.canonicalText(format: parsed.format)
    }

    /// What Quantity.UnmarshalJSON does: Go's strings.TrimSpace, then `canonical`.
    public static func canonicalTrimmingSpace(_ text: String) throws -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return try canonical("") }
        return try canonical(String(scalars[first...last]))
    }

    /// The parsed value and format, for comparisons and tests.
    public static func value(_ text: String) throws -> QuantityValue {
        let parsed = try parse(text)
        return parsed.amount.normalizedValue(format: parsed.format)
    }
}

// MARK: - Parsing

/// A quantity after ParseQuantity: the amount, its format, and whether Go kept the input text.
struct ParsedQuantity {
    var amount: QuantityAmount
    var format: QuantityFormat
    var keepsInputText: Bool
}

/// Go's two backends: int64Amount (value * 10^scale) and inf.Dec (digits * 10^-infScale).
enum QuantityAmount {
    case int64(value: Int64, scale: Int32)
    case decimal(negative: Bool, digits: [UInt8], infScale: Int)
}

/// Byte positions found by the scanner (Go's parseQuantityString).
private struct QuantityParts {
    var positive = true
    /// Numerator without leading zeros; empty means Go's substituted "0".
    var numerator: Range<Int> = 0..<0
    var denominator: Range<Int> = 0..<0
    var suffix: Range<Int> = 0..<0
    /// Whether Go's `value` string (sign, digits, point) holds at least one digit.
    var valueHasDigit = false
}

private let maxInt64Factors = 18
private let nanoScale: Int32 = -9

extension Quantity {
    static func parse(_ text: String) throws -> ParsedQuantity {
        var text = text
        return try text.withUTF8 { try parse(bytes: $0) }
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) throws -> ParsedQuantity {
        if bytes.isEmpty { throw QuantityError(kind: .formatWrong) }
        if bytes.count == 1 && bytes[0] == UInt8(ascii: "0") {
            return ParsedQuantity(amount: .int64(value: 0, scale: 0), format: .decimalSI, keepsInputText: true)
        }
        let parts = try scan(bytes)
        guard let (base, exponent, format) = interpretSuffix(bytes, parts.suffix) else {
            throw QuantityError(kind: .suffix)
        }
        let numeratorLength = max(parts.numerator.count, 1)
        let denominatorLength = parts.denominator.count

        var precision: Int
        var scale: Int32 = 0
        var shift = 0
        switch format {
        case .decimalExponent, .decimalSI:
            scale = exponent
            precision = maxInt64Factors - (numeratorLength + denominatorLength)
        case .binarySI:
            if exponent >= 0 && denominatorLength == 0 {
                shift = Int(exponent)
                // Go: 15 - len(num) - int32(float32(exponent)*3/10) - 1; exact for multiples of 10.
                precision = 15 - numeratorLength - Int(exponent) * 3 / 10 - 1
            } else {
                precision = -1
            }
        }

        if precision >= 0 {
            scale = scale &- Int32(truncatingIfNeeded: denominatorLength)
            if scale >= nanoScale {
                if let fast = fastPath(bytes, parts, scale: scale, shift: shift, exponent: exponent, format: format) {
                    return fast
                }
            }
        }
        return try decimalPath(bytes, parts, base: base, exponent: exponent, format: format)
    }

    /// Go's int64Amount path; nil when the multiplication overflows.
    private static func fastPath(
        _ bytes: UnsafeBufferPointer<UInt8>, _ parts: QuantityParts,
        scale: Int32, shift: Int, exponent: Int32, format: QuantityFormat
    ) -> ParsedQuantity? {
        // At most 18 digits reach here, so the accumulation cannot overflow.
        var value: Int64 = 0
        for index in parts.numerator { value = value * 10 + Int64(bytes[index] &- 48) }
        for index in parts.denominator { value = value * 10 + Int64(bytes[index] &- 48) }
        let (product, overflow) = value.multipliedReportingOverflow(by: Int64(1) << shift)
        if overflow { return nil }
        let result = parts.positive ? product : -product

        // Go reuses the input text when it judges it canonical.
        let keeps: Bool
        switch format {
        case .binarySI:
            keeps = exponent % 10 == 0 && value & 0x07 != 0
        case .decimalExponent, .decimalSI:
            keeps = scale % 3 == 0 && !shiftedEndsWithThreeZeros(bytes, parts) && !parts.numerator.isEmpty
        }
        return ParsedQuantity(amount: .int64(value: result, scale: scale), format: format, keepsInputText: keeps)
    }

    /// Whether Go's `num + denom` (with an empty numerator read as "0") ends in "000".
    private static func shiftedEndsWithThreeZeros(_ bytes: UnsafeBufferPointer<UInt8>, _ parts: QuantityParts) -> Bool {
        let numeratorLength = max(parts.numerator.count, 1)
        let total = numeratorLength + parts.denominator.count
        if total < 3 { return false }
        for position in (total - 3)..<total {
            let byte: UInt8
            if position < numeratorLength {
                byte = parts.numerator.isEmpty ? UInt8(ascii: "0") : bytes[parts.numerator.lowerBound + position]
            } else {
                byte = bytes[parts.denominator.lowerBound + position - numeratorLength]
            }
            if byte != UInt8(ascii: "0") { return false }
        }
        return true
    }

    /// Go's inf.Dec path: exact value, rounded up to 1n, BinarySI capped at 2^63-1.
    private static func decimalPath(
        _ bytes: UnsafeBufferPointer<UInt8>, _ parts: QuantityParts,
        base: Int, exponent: Int32, format: QuantityFormat
    ) throws -> ParsedQuantity {
        guard parts.valueHasDigit else { throw QuantityError(kind: .numeric) }
        var digits = [UInt8]()
        digits.reserveCapacity(parts.numerator.count + parts.denominator.count)
        for index in parts.numerator { digits.append(bytes[index] &- 48) }
        for index in parts.denominator { digits.append(bytes[index] &- 48) }
        DecimalDigits.stripLeadingZeros(&digits)

        var infScale = parts.denominator.count
        if base == 10 {
            // inf.Scale is int32. Zero is never rounded, so Go returns it whatever the
            // scale; a non-zero value with a wrapped scale makes Go build a number with
            // billions of digits and never return.
            let combined = infScale - Int(exponent)
            if combined < Int(Int32.min) || combined > Int(Int32.max) {
                guard digits.isEmpty else { throw QuantityError(kind: .exponentOutOfRange) }
                return ParsedQuantity(
                    amount: .decimal(negative: false, digits: [], infScale: 0), format: format, keepsInputText: false)
            }
            infScale = combined
        } else {
            DecimalDigits.multiply(&digits, byPowerOfTwo: Int(exponent))
        }

        var format = format
        if !digits.isEmpty {
            if infScale > 9 {
                DecimalDigits.roundUp(&digits, droppingLast: infScale - 9)
                infScale = 9
            }
            if format == .binarySI && DecimalDigits.exceedsMaxInt64(digits, infScale: infScale) {
                digits = DecimalDigits.maxInt64
                infScale = 0
            }
            if format == .binarySI && DecimalDigits.integerPart(digits, infScale: infScale) == 0 {
                format = .decimalSI
            }
        }
        return ParsedQuantity(
            amount: .decimal(negative: !parts.positive && !digits.isEmpty, digits: digits, infScale: infScale),
            format: format, keepsInputText: false)
    }

    /// Go's parseQuantityString: sign, leading zeros, digits, optional fraction, suffix.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) throws -> QuantityParts {
        var parts = QuantityParts()
        let end = bytes.count
        var position = 0
        if bytes[0] == UInt8(ascii: "-") {
            parts.positive = false
            position = 1
        } else if bytes[0] == UInt8(ascii: "+") {
            position = 1
        }
        let zerosStart = position
        while position < end && bytes[position] == UInt8(ascii: "0") { position += 1 }
        if position >= end {
            // Only zeros (or nothing) after the sign: Go returns the literal "0" with no suffix.
            parts.numerator = position..<position
            parts.valueHasDigit = true
            return parts
        }
        let strippedZeros = position > zerosStart
        let numeratorStart = position
        while position < end && isDigit(bytes[position]) { position += 1 }
        parts.numerator = numeratorStart..<position
        parts.denominator = position..<position
        parts.suffix = end..<end
        if position >= end {
            parts.valueHasDigit = true
            return parts
        }
        if bytes[position] == UInt8(ascii: ".") {
            position += 1
            let denominatorStart = position
            while position < end && isDigit(bytes[position]) { position += 1 }
            parts.denominator = denominatorStart..<position
        }
        parts.valueHasDigit = strippedZeros || !parts.numerator.isEmpty || !parts.denominator.isEmpty
        if position >= end { return parts }

        let suffixStart = position
        while position < end && isSuffixLetter(bytes[position]) { position += 1 }
        if position < end && (bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+")) {
            position += 1
        }
        while position < end && isDigit(bytes[position]) { position += 1 }
        guard position >= end else { throw QuantityError(kind: .formatWrong) }
        parts.suffix = suffixStart..<end
        return parts
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isSuffixLetter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "i"), UInt8(ascii: "n"), UInt8(ascii: "u"),
             UInt8(ascii: "m"), UInt8(ascii: "k"), UInt8(ascii: "K"), UInt8(ascii: "M"), UInt8(ascii: "G"),
             UInt8(ascii: "T"), UInt8(ascii: "P"):
            return true
        default:
            return false
        }
    }

    /// Go's quantitySuffixer.interpret: (base, exponent, format), or nil for ErrSuffix.
    private static func interpretSuffix(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>
    ) -> (Int, Int32, QuantityFormat)? {
        let count = range.count
        let first = count > 0 ? bytes[range.lowerBound] : 0
        if count == 0 { return (10, 0, .decimalSI) }
        if count == 1 {
            switch first {
            case UInt8(ascii: "n"): return (10, -9, .decimalSI)
            case UInt8(ascii: "u"): return (10, -6, .decimalSI)
            case UInt8(ascii: "m"): return (10, -3, .decimalSI)
            case UInt8(ascii: "k"): return (10, 3, .decimalSI)
            case UInt8(ascii: "M"): return (10, 6, .decimalSI)
            case UInt8(ascii: "G"): return (10, 9, .decimalSI)
            case UInt8(ascii: "T"): return (10, 12, .decimalSI)
            case UInt8(ascii: "P"): return (10, 15, .decimalSI)
            case UInt8(ascii: "E"): return (10, 18, .decimalSI)
            default: return nil
            }
        }
        if count == 2 && bytes[range.lowerBound + 1] == UInt8(ascii: "i") {
            switch first {
            case UInt8(ascii: "K"): return (2, 10, .binarySI)
            case UInt8(ascii: "M"): return (2, 20, .binarySI)
            case UInt8(ascii: "G"): return (2, 30, .binarySI)
            case UInt8(ascii: "T"): return (2, 40, .binarySI)
            case UInt8(ascii: "P"): return (2, 50, .binarySI)
            case UInt8(ascii: "E"): return (2, 60, .binarySI)
            default: break
            }
        }
        guard first == UInt8(ascii: "e") || first == UInt8(ascii: "E") else { return nil }
        // strconv.ParseInt(rest, 10, 64), then apimachinery's bound of ±MaxInt32
        // (an exponent past it is rejected rather than truncated to int32).
        var position = range.lowerBound + 1
        var negative = false
        if bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
            negative = bytes[position] == UInt8(ascii: "-")
            position += 1
        }
        guard position < range.upperBound else { return nil }
        var magnitude: Int64 = 0
        while position < range.upperBound {
            let byte = bytes[position]
            guard isDigit(byte) else { return nil }
            magnitude = magnitude * 10 + Int64(byte &- 48)
            if magnitude > Int64(Int32.max) { return nil }
            position += 1
        }
        return (10, Int32(negative ? -magnitude : magnitude), .decimalExponent)
    }
}

// MARK: - Canonical text (Go's CanonicalizeBytes)

extension QuantityAmount {
    func canonicalText(format: QuantityFormat) throws -> String {
        switch self {
        case let .int64(value, scale):
            return Self.int64Text(value: value, scale: scale, format: format)
        case let .decimal(negative, digits, infScale):
            return try Self.decimalText(negative: negative, digits: digits, infScale: infScale, format: format)
        }
    }

    private static func int64Text(value: Int64, scale: Int32, format: QuantityFormat) -> String {
        if value == 0 { return "0" }
        // The int64 fast path only produces BinarySI at scale 0, where the
        // value is an exact integer: binary form unless |value| < 1024.
        if format == .binarySI && scale == 0 && value.magnitude >= 1024 {
            return base1024Text(negative: value < 0, magnitude: value.magnitude)
        }
        let decimalFormat: QuantityFormat = format == .binarySI ? .decimalSI : format
        var (mantissa, exponent) = int64CanonicalMantissa(value: value, scale: scale)
        if value < 0 { mantissa = "-" + mantissa }
        return mantissa + decimalSuffix(exponent: exponent, format: decimalFormat)
    }

    /// int64Amount.AsCanonicalBytes: strip factors of ten, lower the exponent to a
    /// multiple of three, with Go's int32 wrapping and its inf.Dec overflow fallback.
    private static func int64CanonicalMantissa(value: Int64, scale: Int32) -> (String, Int32) {
        var amount = value.magnitude
        var times: Int32 = 0
        while amount >= 10 && amount % 10 == 0 {
            amount /= 10
            times &+= 1
        }
        var exponent = scale &+ times
        let limit = UInt64(Int64.max)
        switch exponent % 3 {
        case 1, -2:
            if amount <= limit / 10 {
                return (String(amount * 10), exponent &- 1)
            }
        case 2, -1:
            if amount <= limit / 100 {
                return (String(amount * 100), exponent &- 2)
            }
        default:
            return (String(amount), exponent)
        }
        // Overflow: Go redoes the work on inf.Dec, decrementing one step at a time.
        var text = String(amount)
        exponent = scale &+ times
        while exponent % 3 != 0 {
            text.append("0")
            exponent = exponent &- 1
        }
        return (text, exponent)
    }

    private static func decimalText(
        negative: Bool, digits: [UInt8], infScale: Int, format: QuantityFormat
    ) throws -> String {
        if digits.isEmpty { return "0" }
        var decimalFormat = format
        if format == .binarySI {
            // Parsing caps BinarySI at 2^63-1, so the integer part fits a UInt64.
            let integer = DecimalDigits.integerPart(digits, infScale: infScale)
            if integer >= 1024 && !DecimalDigits.hasFraction(digits, infScale: infScale) {
                return base1024Text(negative: negative, magnitude: integer)
            }
            decimalFormat = .decimalSI
        }
        var trailingZeros = 0
        while trailingZeros < digits.count && digits[digits.count - 1 - trailingZeros] == 0 { trailingZeros += 1 }
        var exponent = trailingZeros - infScale
        let lowered = ((exponent % 3) + 3) % 3
        exponent -= lowered
        guard exponent >= Int(Int32.min) && exponent <= Int(Int32.max) else {
            throw QuantityError(kind: .exponentOutOfRange)
        }
        var text = negative ? "-" : ""
        text.reserveCapacity(digits.count + lowered + 8)
        for digit in digits[0..<(digits.count - trailingZeros)] {
            text.unicodeScalars.append(Unicode.Scalar(digit + 48))
        }
        for _ in 0..<lowered { text.append("0") }
        return text + decimalSuffix(exponent: Int32(exponent), format: decimalFormat)
    }

    /// AsCanonicalBase1024Bytes plus the binary suffix table.
    private static func base1024Text(negative: Bool, magnitude: UInt64) -> String {
        var amount = magnitude
        var times = 0
        while amount >= 1024 && amount % 1024 == 0 {
            amount /= 1024
            times += 1
        }
        let suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
        return (negative ? "-" : "") + String(amount) + suffixes[times]
    }

    /// DecimalSI suffixes exist for 10^-9 ... 10^18; beyond them apimachinery
    /// falls back to exponent notation rather than dropping the magnitude.
    private static func decimalSuffix(exponent: Int32, format: QuantityFormat) -> String {
        if format == .decimalSI {
            switch exponent {
            case -9: return "n"
            case -6: return "u"
            case -3: return "m"
            case 0: return ""
            case 3: return "k"
            case 6: return "M"
            case 9: return "G"
            case 12: return "T"
            case 15: return "P"
            case 18: return "E"
            default: break
            }
        }
        return exponent == 0 ? "" : "e" + String(exponent)
    }

    func normalizedValue(format: QuantityFormat) -> QuantityValue {
        var negative: Bool
        var digits: [UInt8]
        var exponent: Int
        switch self {
        case let .int64(value, scale):
            negative = value < 0
            digits = String(value.magnitude).utf8.map { $0 - 48 }
            exponent = Int(scale)
        case let .decimal(isNegative, decimalDigits, infScale):
            negative = isNegative
            digits = decimalDigits
            exponent = -infScale
        }
        DecimalDigits.stripLeadingZeros(&digits)
        while let last = digits.last, last == 0 {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty { return QuantityValue(format: format, negative: false, digits: "0", exponent: 0) }
        let text = String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
        return QuantityValue(format: format, negative: negative, digits: text, exponent: exponent)
    }
}

// MARK: - Decimal digit arithmetic (most significant digit first, values 0...9)

enum DecimalDigits {
    /// 2^63-1, apimachinery's maxAllowed.
    static let maxInt64: [UInt8] = Array("9223372036854775807".utf8).map { $0 - 48 }

    static func stripLeadingZeros(_ digits: inout [UInt8]) {
        guard let first = digits.firstIndex(where: { $0 != 0 }) else {
            digits.removeAll()
            return
        }
        if first > 0 { digits.removeFirst(first) }
    }

    /// digits *= 2^power, in steps that keep the carry small.
    static func multiply(_ digits: inout [UInt8], byPowerOfTwo power: Int) {
        if digits.isEmpty { return }
        var remaining = power
        while remaining > 0 {
            let step = min(remaining, 20)
            remaining -= step
            let factor = UInt64(1) << step
            var carry: UInt64 = 0
            for index in stride(from: digits.count - 1, through: 0, by: -1) {
                let product = UInt64(digits[index]) * factor + carry
                digits[index] = UInt8(product % 10)
                carry = product / 10
            }
            var prefix = [UInt8]()
            while carry > 0 {
                prefix.append(UInt8(carry % 10))
                carry /= 10
            }
            digits.insert(contentsOf: prefix.reversed(), at: 0)
        }
    }

    /// Drops the last `count` digits, rounding the magnitude up when any was non-zero.
    /// The input is non-zero, so the result is at least 1.
    static func roundUp(_ digits: inout [UInt8], droppingLast count: Int) {
        if count >= digits.count {
            digits = [1]
            return
        }
        let kept = digits.count - count
        let dropsSomething = digits[kept...].contains { $0 != 0 }
        digits.removeLast(count)
        guard dropsSomething else { return }
        var index = kept - 1
        while index >= 0 {
            if digits[index] < 9 {
                digits[index] += 1
                return
            }
            digits[index] = 0
            index -= 1
        }
        digits.insert(1, at: 0)
    }

    /// Whether digits * 10^-infScale > 2^63-1 (digits have no leading zeros).
    static func exceedsMaxInt64(_ digits: [UInt8], infScale: Int) -> Bool {
        let integerDigits = digits.count - infScale
        if integerDigits > maxInt64.count { return true }
        if integerDigits < maxInt64.count { return false }
        for index in 0..<maxInt64.count {
            let digit = index < digits.count ? digits[index] : 0
            if digit != maxInt64[index] { return digit > maxInt64[index] }
        }
        return hasFraction(digits, infScale: infScale)
    }

    /// The integer part, saturating at UInt64.max (callers only use values up to 2^63-1).
    static func integerPart(_ digits: [UInt8], infScale: Int) -> UInt64 {
        let integerDigits = digits.count - infScale
        if integerDigits <= 0 { return 0 }
        if integerDigits > 19 { return UInt64.max }
        var result: UInt64 = 0
        for index in 0..<integerDigits {
            result = result * 10 + UInt64(index < digits.count ? digits[index] : 0)
        }
        return result
    }

    static func hasFraction(_ digits: [UInt8], infScale: Int) -> Bool {
        if infScale <= 0 { return false }
        let start = max(digits.count - infScale, 0)
        return digits[start...].contains { $0 != 0 }
    }
}
