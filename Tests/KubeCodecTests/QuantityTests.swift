import Testing
import KubeCodec

// Vectors come from apimachinery's quantity_test.go (TestQuantityParse,
// TestQuantityString, TestQuantityParseEmit, TestParseQuantity, the invalid list,
// TestInterpretExponentInt32Bounds, TestJSONWhitespace, TestNegativeValueRoundsAwayFromZero).
// A few extra vectors pin quirks read off the Go source; each says how it was derived.

// MARK: - TestQuantityParse: input -> value (mantissa * 10^exponent) and format

private enum F {
    static let si = QuantityFormat.decimalSI
    static let bin = QuantityFormat.binarySI
    static let exp = QuantityFormat.decimalExponent
}

private struct ParseVector: Sendable, CustomStringConvertible {
    let input: String
    let mantissa: String
    let exponent: Int
    let format: QuantityFormat
    var description: String { input }
}

private let maxInt64Text = "9223372036854775807"

private let parseVectors: [ParseVector] = [
    .init(input: "0", mantissa: "0", exponent: 0, format: F.si),
    .init(input: "0n", mantissa: "0", exponent: 0, format: F.si),
    .init(input: "0u", mantissa: "0", exponent: 0, format: F.si),
    .init(input: "0m", mantissa: "0", exponent: 0, format: F.si),
    .init(input: "0Ki", mantissa: "0", exponent: 0, format: F.bin),
    .init(input: "0k", mantissa: "0", exponent: 0, format: F.si),
    .init(input: "0Mi", mantissa: "0", exponent: 0, format: F.bin),
    .init(input: "0M", mantissa: "0", exponent: 0, format: F.si),
    .init(input: "0Gi", mantissa: "0", exponent: 0, format: F.bin),
    .init(input: "0G", mantissa: "0", exponent: 0, format: F.si),
    .init(input: "0Ti", mantissa: "0", exponent: 0, format: F.bin),
    .init(input: "0T", mantissa: "0", exponent: 0, format: F.si),
    .init(input: "1", mantissa: "1", exponent: 0, format: F.si),
    .init(input: "1Ki", mantissa: "1024", exponent: 0, format: F.bin),
    .init(input: "8Ki", mantissa: "8192", exponent: 0, format: F.bin),
    .init(input: "7Mi", mantissa: "7340032", exponent: 0, format: F.bin),
    .init(input: "6Gi", mantissa: "6442450944", exponent: 0, format: F.bin),
    .init(input: "5Ti", mantissa: "5497558138880", exponent: 0, format: F.bin),
    .init(input: "4Pi", mantissa: "4503599627370496", exponent: 0, format: F.bin),
    .init(input: "3Ei", mantissa: "3458764513820540928", exponent: 0, format: F.bin),
    .init(input: "10Ti", mantissa: "10995116277760", exponent: 0, format: F.bin),
    .init(input: "100Ti", mantissa: "109951162777600", exponent: 0, format: F.bin),
    .init(input: "5n", mantissa: "5", exponent: -9, format: F.si),
    .init(input: "4u", mantissa: "4", exponent: -6, format: F.si),
    .init(input: "3m", mantissa: "3", exponent: -3, format: F.si),
    .init(input: "9", mantissa: "9", exponent: 0, format: F.si),
    .init(input: "8k", mantissa: "8", exponent: 3, format: F.si),
    .init(input: "50k", mantissa: "5", exponent: 4, format: F.si),
    .init(input: "7M", mantissa: "7", exponent: 6, format: F.si),
    .init(input: "6G", mantissa: "6", exponent: 9, format: F.si),
    .init(input: "5T", mantissa: "5", exponent: 12, format: F.si),
    .init(input: "40T", mantissa: "4", exponent: 13, format: F.si),
    .init(input: "300T", mantissa: "3", exponent: 14, format: F.si),
    .init(input: "2P", mantissa: "2", exponent: 15, format: F.si),
    .init(input: "1E", mantissa: "1", exponent: 18, format: F.si),
    .init(input: "1E-3", mantissa: "1", exponent: -3, format: F.exp),
    .init(input: "1e3", mantissa: "1", exponent: 3, format: F.exp),
    .init(input: "1E6", mantissa: "1", exponent: 6, format: F.exp),
    .init(input: "1e9", mantissa: "1", exponent: 9, format: F.exp),
    .init(input: "1E12", mantissa: "1", exponent: 12, format: F.exp),
    .init(input: "1e15", mantissa: "1", exponent: 15, format: F.exp),
    .init(input: "1E18", mantissa: "1", exponent: 18, format: F.exp),
    .init(input: "1e14", mantissa: "1", exponent: 14, format: F.exp),
    .init(input: "1e13", mantissa: "1", exponent: 13, format: F.exp),
    .init(input: "100.035k", mantissa: "100035", exponent: 0, format: F.si),
    .init(input: "0.001", mantissa: "1", exponent: -3, format: F.si),
    .init(input: "0.0005k", mantissa: "5", exponent: -1, format: F.si),
    .init(input: "0.005", mantissa: "5", exponent: -3, format: F.si),
    .init(input: "0.05", mantissa: "5", exponent: -2, format: F.si),
    .init(input: "0.5", mantissa: "5", exponent: -1, format: F.si),
    .init(input: "0.00050k", mantissa: "5", exponent: -1, format: F.si),
    .init(input: "0.00500", mantissa: "5", exponent: -3, format: F.si),
    .init(input: "0.05000", mantissa: "5", exponent: -2, format: F.si),
    .init(input: "0.50000", mantissa: "5", exponent: -1, format: F.si),
    .init(input: "0.5e0", mantissa: "5", exponent: -1, format: F.exp),
    .init(input: "0.5e-1", mantissa: "5", exponent: -2, format: F.exp),
    .init(input: "0.5e-2", mantissa: "5", exponent: -3, format: F.exp),
    .init(input: "10.035M", mantissa: "10035", exponent: 3, format: F.si),
    .init(input: "1.2e3", mantissa: "12", exponent: 2, format: F.exp),
    .init(input: "1.3E+6", mantissa: "13", exponent: 5, format: F.exp),
    .init(input: "1.40e9", mantissa: "14", exponent: 8, format: F.exp),
    .init(input: "1.53E12", mantissa: "153", exponent: 10, format: F.exp),
    .init(input: "1.6e15", mantissa: "16", exponent: 14, format: F.exp),
    .init(input: "1.7E18", mantissa: "17", exponent: 17, format: F.exp),
    .init(input: "9.01", mantissa: "901", exponent: -2, format: F.si),
    .init(input: "8.1k", mantissa: "81", exponent: 2, format: F.si),
    .init(input: "7.123456M", mantissa: "7123456", exponent: 0, format: F.si),
    .init(input: "6.987654321G", mantissa: "6987654321", exponent: 0, format: F.si),
    .init(input: "5.444T", mantissa: "5444", exponent: 9, format: F.si),
    .init(input: "40.1T", mantissa: "401", exponent: 11, format: F.si),
    .init(input: "300.2T", mantissa: "3002", exponent: 11, format: F.si),
    .init(input: "2.5P", mantissa: "25", exponent: 14, format: F.si),
    .init(input: "1.01E", mantissa: "101", exponent: 16, format: F.si),
    .init(input: "3.001n", mantissa: "4", exponent: -9, format: F.si),
    .init(input: "1.1E-9", mantissa: "2", exponent: -9, format: F.exp),
    .init(input: "0.0000000001", mantissa: "1", exponent: -9, format: F.si),
    .init(input: "0.0000000005", mantissa: "1", exponent: -9, format: F.si),
    .init(input: "0.00000000050", mantissa: "1", exponent: -9, format: F.si),
    .init(input: "0.5e-9", mantissa: "1", exponent: -9, format: F.exp),
    .init(input: "0.9n", mantissa: "1", exponent: -9, format: F.si),
    .init(input: "0.00000012345", mantissa: "124", exponent: -9, format: F.si),
    .init(input: "0.00000012354", mantissa: "124", exponent: -9, format: F.si),
    .init(input: "9Ei", mantissa: maxInt64Text, exponent: 0, format: F.bin),
    .init(input: "9223372036854775807Ki", mantissa: maxInt64Text, exponent: 0, format: F.bin),
    .init(input: "12E", mantissa: "12", exponent: 18, format: F.si),
    .init(input: "100.035Ki", mantissa: "10243584", exponent: -2, format: F.bin),
    .init(input: "0.5Mi", mantissa: "524288", exponent: 0, format: F.bin),
    .init(input: "0.05Gi", mantissa: "536870912", exponent: -1, format: F.bin),
    .init(input: "0.025Ti", mantissa: "274877906944", exponent: -1, format: F.bin),
    .init(input: "0.000000000001Ki", mantissa: "2", exponent: -9, format: F.si),
    .init(input: ".001", mantissa: "1", exponent: -3, format: F.si),
    .init(input: ".0001k", mantissa: "100", exponent: -3, format: F.si),
    .init(input: "1.", mantissa: "1", exponent: 0, format: F.si),
    .init(input: "1.G", mantissa: "1", exponent: 9, format: F.si),
]

/// The expected value normalised the way QuantityValue is (no trailing zeros).
private func expectedValue(_ vector: ParseVector, negative: Bool) -> (Bool, String, Int) {
    var digits = Substring(vector.mantissa)
    var exponent = vector.exponent
    while digits.count > 1 && digits.last == "0" {
        digits.removeLast()
        exponent += 1
    }
    if digits == "0" { return (false, "0", 0) }
    return (negative, String(digits), exponent)
}

@Test("TestQuantityParse: value and format of each input, plain, with '-' and with '+'",
      arguments: parseVectors)
private func parseValues(_ vector: ParseVector) throws {
    for (prefix, negative) in [("", false), ("-", true), ("+", false)] {
        let value = try Quantity.value(prefix + vector.input)
        let (expectNegative, expectDigits, expectExponent) = expectedValue(vector, negative: negative)
        #expect(value.negative == expectNegative, "\(prefix)\(vector.input)")
        #expect(value.digits == expectDigits, "\(prefix)\(vector.input)")
        #expect(value.exponent == expectExponent, "\(prefix)\(vector.input)")
        #expect(value.format == vector.format, "\(prefix)\(vector.input)")
    }
}

// MARK: - Invalid input

private let invalidInputs: [(String, QuantityError.Kind)] = [
    ("", .formatWrong),
    ("1.1.M", .formatWrong),
    ("1+1.0M", .formatWrong),
    ("0.1mi", .suffix),
    ("0.1am", .formatWrong),
    ("aoeu", .formatWrong),
    (".5i", .suffix),
    ("1i", .suffix),
    ("-3.01i", .suffix),
    ("-3.01e-", .suffix),
    ("1e4294967297", .suffix),
    (" 1", .formatWrong),
    ("1 ", .formatWrong),
    // TestInterpretExponentInt32Bounds: exponents past ±MaxInt32 are rejected.
    ("1E2147483648", .suffix),
    ("1E-2147483648", .suffix),
    ("1E4294967297", .suffix),
    ("1E8589934592", .suffix),
    ("1E9223372036854775807", .suffix),
    ("1E9223372036854775808", .suffix),
    ("1E6024865272343", .suffix),
    // Derived from ParseQuantity: binary suffixes Pi/Ei (and fractions) skip the
    // int64 path, and inf.Dec.SetString rejects a number with no digits.
    ("Ei", .numeric),
    ("-.Ei", .numeric),
    ("+Pi", .numeric),
    // ... as does a decimal exponent that pushes the scale below 1n.
    ("e-10", .numeric),
    // Derived from interpret: "e" alone and a non-numeric exponent are not suffixes.
    ("1e", .suffix),
    ("1ee5", .suffix),
    ("1-3", .suffix),
    ("1Ki5", .suffix),
    ("1e3e4", .formatWrong),
    ("1µ", .formatWrong),
]

@Test("Invalid inputs fail with Go's error")
private func invalidInputsFail() {
    for (input, kind) in invalidInputs {
        do {
            let output = try Quantity.canonical(input)
            Issue.record("\(input.debugDescription) parsed as \(output.debugDescription)")
        } catch let error as QuantityError {
            #expect(error.kind == kind, "\(input.debugDescription)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}

@Test("Error texts are Go's")
private func errorTexts() {
    #expect(QuantityError(kind: .formatWrong).description
        == "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
    #expect(QuantityError(kind: .numeric).description == "unable to parse numeric part of quantity")
    #expect(QuantityError(kind: .suffix).description == "unable to parse quantity's suffix")
}

// MARK: - TestQuantityString: the canonical text parses to itself; alternates canonicalise to it

private let stringVectors: [(expect: String, alternate: String)] = [
    ("1Gi", "1024Mi"), ("300Mi", "307200Ki"), ("6Ki", ""), ("1001Gi", "1025024Mi"), ("1Ti", "1024Gi"),
    ("5", "5000m"), ("500m", "0.5"), ("1G", "1000M"), ("1G", "0.001T"), ("1G", ""), ("1m", "1000u"),
    ("80m", ""), ("1080m", "1.08"), ("1080m", "1080000000n"), ("300M", ""), ("1T", ""), ("1E", ""),
    ("1e21", "1000E"), ("5e21", "5000E"), ("1e24", "1000000E"),
    ("10e69", ""), ("20e69", ""), ("1e72", ""),
    ("1234567M", ""), ("1234567m", ""), ("3k", ""), ("1025", ""), ("0", ""),
    ("1e9", ".001e12"), ("1e-3", "0.001e0"), ("1e-9", "1000e-12"), ("80e-3", ""), ("300e6", ""),
    ("1e12", ""), ("1e3", ""), ("3e3", ""), ("0", "00"), ("1n", ""), ("80n", ""), ("1080n", ""),
    ("1u", ""), ("80u", ""), ("1080u", ""),
]

@Test("TestQuantityString: canonical strings are stable, alternates map onto them, signs mirror")
private func canonicalStrings() throws {
    for (expect, alternate) in stringVectors {
        #expect(try Quantity.canonical(expect) == expect)
        if expect != "0" {
            #expect(try Quantity.canonical("-" + expect) == "-" + expect)
        }
        guard !alternate.isEmpty else { continue }
        #expect(try Quantity.canonical(alternate) == expect, "\(alternate)")
        if expect != "0" {
            #expect(try Quantity.canonical("-" + alternate) == "-" + expect, "-\(alternate)")
        }
    }
}

// MARK: - TestQuantityParseEmit

private let emitVectors: [(String, String)] = [
    ("1Ki", "1Ki"), ("1Mi", "1Mi"), ("1Gi", "1Gi"), ("1024Mi", "1Gi"), ("1000M", "1G"),
    (".001Ki", "1024m"), (".000001Ki", "1024u"), (".000000001Ki", "1024n"), (".000000000001Ki", "2n"),
]

@Test("TestQuantityParseEmit, also negated")
private func parseEmit() throws {
    for (input, expect) in emitVectors {
        #expect(try Quantity.canonical(input) == expect, "\(input)")
        #expect(try Quantity.canonical("-" + input) == "-" + expect, "-\(input)")
    }
}

// MARK: - TestParseQuantity: values around int64 and 10^18 (canonical nil = unchanged)

private let bigVectors: [(String, String?)] = [
    ("-999999999999999999", nil), ("999999999999999999", nil),
    ("-999999999999999999.0", "-999999999999999999"), ("999999999999999999.0", "999999999999999999"),
    ("-999999999999999999.1", "-999999999999999999100m"), ("999999999999999999.1", "999999999999999999100m"),
    ("-9999999999999999999", nil), ("9999999999999999999", nil),
    ("-1E", nil), ("1E", nil),
    ("-1000000000000000000", "-1E"), ("1000000000000000000", "1E"),
    ("-9999999999999999999.0", "-9999999999999999999"), ("9999999999999999999.0", "9999999999999999999"),
    ("-1.0E", "-1E"), ("1.0E", "1E"),
    ("-1000000000000000000.0", "-1E"), ("1000000000000000000.0", "1E"),
    ("-9999999999999999999000m", "-9999999999999999999"), ("9999999999999999999000m", "9999999999999999999"),
    ("-9999999999999999999.1", "-9999999999999999999100m"), ("9999999999999999999.1", "9999999999999999999100m"),
    ("-1.0000000000000000001E", "-1000000000000000000100m"), ("1.0000000000000000001E", "1000000000000000000100m"),
    ("-1000000000000000000.1", "-1000000000000000000100m"), ("1000000000000000000.1", "1000000000000000000100m"),
    ("-1.000000000000000001E", "-1000000000000000001"), ("1.000000000000000001E", "1000000000000000001"),
    ("-1000000000000000001", nil), ("1000000000000000001", nil),
    ("-10E", nil), ("10E", nil),
    ("-10000000000000000000", "-10E"), ("10000000000000000000", "10E"),
    ("-10.0E", "-10E"), ("10.0E", "10E"),
    ("-10000000000000000000.0", "-10E"), ("10000000000000000000.0", "10E"),
    ("-10000000000000000000000m", "-10E"), ("10000000000000000000000m", "10E"),
    ("-10.0000000000000000001E", "-10000000000000000000100m"), ("10.0000000000000000001E", "10000000000000000000100m"),
    ("-10000000000000000000.1", "-10000000000000000000100m"), ("10000000000000000000.1", "10000000000000000000100m"),
    ("-10.000000000000000001E", "-10000000000000000001"), ("10.000000000000000001E", "10000000000000000001"),
    ("-10000000000000000001", nil), ("10000000000000000001", nil),
    ("-9223372036854775809", nil), ("9223372036854775806", nil),
    ("-9223372036854775809.0", "-9223372036854775809"), ("9223372036854775806.0", "9223372036854775806"),
    ("-9223372036854775809000m", "-9223372036854775809"), ("9223372036854775806000m", "9223372036854775806"),
    ("-9223372036854775809.1", "-9223372036854775809100m"), ("9223372036854775806.1", "9223372036854775806100m"),
    ("-9223372036854775808", nil), ("9223372036854775807", nil),
    ("-9223372036854775808.0", "-9223372036854775808"), ("9223372036854775807.0", "9223372036854775807"),
    ("-9223372036854775808000m", "-9223372036854775808"), ("9223372036854775807000m", "9223372036854775807"),
    ("-9223372036854775808.1", "-9223372036854775808100m"), ("9223372036854775807.1", "9223372036854775807100m"),
    ("-9223372036854775807", nil), ("9223372036854775808", nil),
    ("-9223372036854775807.0", "-9223372036854775807"), ("9223372036854775808.0", "9223372036854775808"),
    ("-9223372036854775807000m", "-9223372036854775807"), ("9223372036854775808000m", "9223372036854775808"),
    ("-9223372036854775807.1", "-9223372036854775807100m"), ("9223372036854775808.1", "9223372036854775808100m"),
]

@Test("TestParseQuantity: 18- to 20-digit values reserialise like Go")
private func bigValues() throws {
    for (input, canonical) in bigVectors {
        #expect(try Quantity.canonical(input) == (canonical ?? input), "\(input)")
    }
}

// MARK: - Decode corpus (testdata/quantity_decode_corpus.json, ParseQuantity of v1.37.0)

// Records copied from the corpus: input, then the exact value as <digits>e<exponent>
// ("0" for zero) and the format, or nil for a parse error. Only records where the
// release and the current tree agree are used: the release truncates exponents past
// ±(2^31-1) to int32, the current tree rejects them, and "hang" records have no value.
private let corpusRecords: [(String, String?, QuantityFormat?)] = [
    ("", nil, nil), ("n", "0", F.si), ("Ki", "0", F.bin), ("Pi", nil, nil), ("Ei", nil, nil),
    ("E3", "0", F.exp), ("e+21", "0", F.exp), ("e03", "0", F.exp), ("e-2147483647", nil, nil),
    ("e-10", nil, nil), ("e-9", "0", F.exp), ("e2147483647", "0", F.exp),
    (".", "0", F.si), (".Ki", "0", F.bin), (".Pi", nil, nil), (".e-10", nil, nil), (".e-9", "0", F.exp),
    ("0Pi", "0", F.bin), ("0Ei", "0", F.bin), ("0e-2147483647", "0", F.exp), ("0.0Ei", "0", F.bin),
    ("0.0e-2147483647", "0", F.exp), ("01", "1e0", F.si), ("01Ki", "1024e0", F.bin),
    ("01Ei", "1152921504606846976e0", F.bin), ("01e+21", "1e21", F.exp), ("01e-1000", "1e-9", F.exp),
    ("01e2147483647", "1e2147483647", F.exp), ("5Ki", "512e1", F.bin), ("5Ei", "576460752303423488e1", F.bin),
    ("5e-10", "1e-9", F.exp), ("5e-9", "5e-9", F.exp), ("7Ei", "8070450532247928832e0", F.bin),
    ("7e-1000", "1e-9", F.exp),
    ("-9223372036854776e2147483647", "-9223372036854776e2147483647", F.exp),
    ("-9223372036854775806Ki", "-9223372036854775807e0", F.bin),
    ("-9223372036854775806Ei", "-9223372036854775807e0", F.bin),
    ("-9223372036854775806e+21", "-9223372036854775806e21", F.exp),
    ("-9223372036854775806e-19", "-922337204e-9", F.exp),
    ("-9223372036854775806e-18", "-9223372037e-9", F.exp),
    ("-9223372036854775806e-10", "-922337203685477581e-9", F.exp),
    ("-9223372036854775806e1000", "-9223372036854775806e1000", F.exp),
    ("-9223372036854775807n", "-9223372036854775807e-9", F.si),
    ("-9223372036854775808Ki", "-9223372036854775807e0", F.bin),
    ("-18446744073709551615E", "-18446744073709551615e18", F.si),
    ("-18446744073709551615e-19", "-1844674408e-9", F.exp),
    ("-18446744073709551615e-10", "-1844674407370955162e-9", F.exp),
    ("-18446744073709551615Ei", "-9223372036854775807e0", F.bin),
    ("+123.456789012e1", "123456789012e-8", F.exp),
    ("+123.456789012e2147483647", "123456789012e2147483638", F.exp),
    ("+9223372036854775.807", "9223372036854775807e-3", F.si),
    ("+9223372036854775.807n", "9223372036854776e-9", F.si),
    ("+9223372036854775.807u", "9223372036854775807e-9", F.si),
    ("+9223372036854775.807Ki", "9223372036854775807e0", F.bin),
    ("+9223372036854775.807e-19", "922338e-9", F.exp),
    ("+9223372036854775.807e-10", "922337203685478e-9", F.exp),
    ("+9223372036854775.807e1000", "9223372036854775807e997", F.exp),
    ("+9223372036854775.808Ki", "9223372036854775807e0", F.bin),
    ("+9223372036854775.808k", "9223372036854775808e0", F.si),
    // 18 digits take the int64 path even with a huge exponent (19 digits hang in Go).
    ("+999999999999999999e2147483647", "999999999999999999e2147483647", F.exp),
    ("+1000000000000000000k", "1e21", F.si), ("+1000000000000000000Ki", "9223372036854775807e0", F.bin),
    ("+1000000000000000000e-19", "1e-1", F.exp), ("+10000000000000000000e1000", "1e1019", F.exp),
    ("+9223372036854775e-19", "922338e-9", F.exp), ("+9223372036854776Ki", "9223372036854775807e0", F.bin),
    ("10", "1e1", F.si), ("1000000000000000000000", "1e21", F.si),
    ("99999999999999999999999999999999999999999999999999",
     "99999999999999999999999999999999999999999999999999e0", F.si),
    ("1" + String(repeating: "0", count: 99), "1e99", F.si),
    ("123e-11", "2e-9", F.exp), ("123e-12", "1e-9", F.exp), ("-1e-17", "-1e-9", F.exp), ("123e17", "123e17", F.exp),
    ("1K", nil, nil), ("1ki", nil, nil), ("1KI", nil, nil), ("1KiB", nil, nil), ("1Zi", nil, nil), ("1Z", nil, nil),
    ("1µ", nil, nil), ("1μ", nil, nil), ("1 Ki", nil, nil), ("1e+", nil, nil), ("1e-", nil, nil),
    ("1e1.5", nil, nil), ("1e.5", nil, nil), ("1e3k", nil, nil), ("1E3Ki", nil, nil), ("1e+-3", nil, nil),
    ("1..5", nil, nil), ("1-", nil, nil), ("++1", nil, nil), ("1,5", nil, nil), ("1_000", nil, nil),
    ("0x10", nil, nil), ("1/2", nil, nil), ("１", nil, nil), ("٣", nil, nil), ("−1", nil, nil), ("1\u{0}", nil, nil),
    ("Inf", nil, nil), ("+Inf", nil, nil), ("NaN", nil, nil), ("Infinity", nil, nil),
    ("0e9223372036854775808", nil, nil), ("1e-9223372036854775809", nil, nil), ("1e99999999999999999999", nil, nil),
]

@Test("Decode corpus of the last release: values, formats and errors")
private func decodeCorpus() throws {
    for (input, expected, format) in corpusRecords {
        guard let expected, let format else {
            #expect(throws: QuantityError.self, "\(input.debugDescription)") { try Quantity.value(input) }
            continue
        }
        let value = try Quantity.value(input)
        let text: String
        if value.digits == "0" {
            text = "0"
        } else {
            text = (value.negative ? "-" : "") + value.digits + "e" + String(value.exponent)
        }
        #expect(text == expected, "\(input)")
        #expect(value.format == format, "\(input)")
    }
}

// MARK: - Whitespace (TestJSONWhitespace, TestQuantityUnmarshalCBOR) and rounding

@Test("UnmarshalJSON trims whitespace before parsing")
private func trimmedParsing() throws {
    for (input, expect) in [(" 1", "1"), ("1 ", "1"), ("1", "1"), ("10", "10"), ("-1", "-1"), (" -1", "-1"),
                            (" \t\n\r1M \t\n\r", "1M")] {
        #expect(try Quantity.canonicalTrimmingSpace(input) == expect, "\(input.debugDescription)")
    }
    #expect(throws: QuantityError(kind: .formatWrong)) { try Quantity.canonicalTrimmingSpace("  ") }
}

@Test("TestNegativeValueRoundsAwayFromZero: tiny values become ±1n; 9.5000000001Gi keeps its nanos")
private func roundingAwayFromZero() throws {
    let tinyNegative = try Quantity.value("-.484785E-7466")
    #expect(tinyNegative == QuantityValue(format: .decimalExponent, negative: true, digits: "1", exponent: -9))
    let tinyPositive = try Quantity.value(".484785E-7466")
    #expect(tinyPositive == QuantityValue(format: .decimalExponent, negative: false, digits: "1", exponent: -9))
    #expect(try Quantity.canonical("-.484785E-7466") == "-1e-9")
    // Go's comment: the exact value is 10200547328.1073741824; rounded up to 1n and,
    // being fractional, printed as DecimalSI instead of BinarySI.
    #expect(try Quantity.canonical("9.5000000001Gi") == "10200547328107374183n")
    #expect(try Quantity.canonical("-9.5000000001Gi") == "-10200547328107374183n")
    #expect(try Quantity.canonical("-1500m") == "-1500m")
    #expect(try Quantity.canonical("-0.0005") == "-500u")
}

// MARK: - Quirks read off the Go source (derivation in each comment)

@Test("Fast-path inputs Go deems canonical keep their text verbatim")
private func keptInputText() throws {
    // scale%3 == 0, shifted digits not ending in 000 and not starting with 0.
    #expect(try Quantity.canonical("+1") == "+1")
    #expect(try Quantity.canonical("007") == "007")
    #expect(try Quantity.canonical("1.500") == "1.500")
    #expect(try Quantity.canonical("1E3") == "1E3")
    #expect(try Quantity.canonical("0100m") == "0100m")
    #expect(try Quantity.canonical("1e0") == "1e0")
    // BinarySI: kept when the number is not a multiple of 8.
    #expect(try Quantity.canonical("+1Ki") == "+1Ki")
    #expect(try Quantity.canonical("8Ki") == "8Ki")
    #expect(try Quantity.canonical("1000Mi") == "1000Mi")
    // Not kept: scale not a multiple of 3, trailing 000, or a leading zero digit.
    #expect(try Quantity.canonical("1.5") == "1500m")
    #expect(try Quantity.canonical("1.5k") == "1500")
    #expect(try Quantity.canonical("10e0") == "10e0")
    #expect(try Quantity.canonical("1000e0") == "1e3")
    #expect(try Quantity.canonical("0.5e3") == "500")
}

@Test("Zero, sign-only and suffix-only inputs are zero")
private func zeroLike() throws {
    for input in ["0", "00", "-0", "+0", "-", "+", ".", "-.", "0.0", "M", "Ki", "e5", "0e-10", "-0.0000000000", "0Ei"] {
        #expect(try Quantity.canonical(input) == "0", "\(input)")
    }
}

@Test("Binary values: exact ones keep a binary suffix, fractional or small ones become decimal")
private func binaryChoices() throws {
    // 0.1 * 2^30 = 107374182.4: not an integer, so DecimalSI.
    #expect(try Quantity.canonical("0.1Gi") == "107374182400m")
    // 1.5 * 1024 = 1536 is exact but below 1024^2, so no coarser suffix.
    #expect(try Quantity.canonical("1.5Ki") == "1536")
    #expect(try Quantity.canonical("1.5Mi") == "1536Ki")
    #expect(try Quantity.canonical("7Ei") == "7Ei")
    #expect(try Quantity.canonical("-9Ei") == "-9223372036854775807")
    // 1.0001 * 1024 = 1024.1024, not an integer.
    #expect(try Quantity.canonical("1.0001Ki") == "1024102400u")
}

@Test("Exponents at the int32 edge follow Go's 32-bit arithmetic")
private func int32Exponents() throws {
    // 1 * 10^2147483647: exponent % 3 == 1, so the mantissa gains a zero.
    #expect(try Quantity.canonical("1E2147483647") == "10e2147483646")
    // 1000 * 10^2147483647: removing three factors of ten wraps the int32 exponent.
    #expect(try Quantity.canonical("1000e2147483647") == "1e-2147483646")
    // 15 * 10^2147483646: scale is a multiple of three, so the text is kept.
    #expect(try Quantity.canonical("1.5e2147483647") == "1.5e2147483647")
    // The fast path's scale (exponent - digits after the point) wraps: -2147483647 - 2
    // becomes 2147483647, so Go takes the int64 path with a huge positive scale.
    #expect(try Quantity.canonical("1.55e-2147483647") == "1550e2147483646")
}

// MARK: - Properties on generated inputs

/// Deterministic generator (SplitMix64) so failures reproduce.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private let generatedSuffixes = ["", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
                                 "e0", "e3", "e-3", "E+6", "e-9", "e-12", "e21", "E-1", "e2", "e100", "e-100"]

private func randomDigits(_ count: Int, _ rng: inout SplitMix) -> String {
    String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
}

/// An unsigned quantity with at least one digit.
private func randomQuantity(_ rng: inout SplitMix, maxDigits: Int, suffixes: [String]) -> String {
    let integerDigits = Int.random(in: 0...maxDigits, using: &rng)
    let fractionDigits = Bool.random(using: &rng) ? Int.random(in: 0...maxDigits, using: &rng) : -1
    var text = randomDigits(integerDigits, &rng)
    if fractionDigits >= 0 { text += "." + randomDigits(fractionDigits, &rng) }
    if !text.contains(where: \.isNumber) { text += "1" }
    return text + suffixes.randomElement(using: &rng)!
}

@Test("canonical is idempotent, sign-symmetric and value-preserving on 20000 generated inputs")
private func generatedProperties() throws {
    var rng = SplitMix(state: 0x5EED)
    for _ in 0..<20_000 {
        let input = randomQuantity(&rng, maxDigits: 22, suffixes: generatedSuffixes)
        let canonical = try Quantity.canonical(input)
        #expect(try Quantity.canonical(canonical) == canonical, "\(input)")
        let negated = try Quantity.canonical("-" + input)
        #expect(negated == (canonical == "0" ? "0" : "-" + canonical), "\(input)")
        let before = try Quantity.value(input)
        let after = try Quantity.value(canonical)
        #expect(before.negative == after.negative && before.digits == after.digits
            && before.exponent == after.exponent, "\(input) -> \(canonical)")
    }
}

// MARK: - Independent value oracle (Int128 nano units, small inputs)

/// Exact value of a quantity in units of 1n, rounded up in magnitude, BinarySI capped.
/// Written separately from the implementation: plain integer arithmetic on the text.
private func nanoUnits(_ text: String) -> Int128? {
    var rest = Substring(text)
    var negative = false
    if rest.first == "-" || rest.first == "+" {
        negative = rest.first == "-"
        rest = rest.dropFirst()
    }
    let number = rest.prefix { $0.isNumber || $0 == "." }
    let suffix = rest.dropFirst(number.count)
    let parts = number.split(separator: ".", omittingEmptySubsequences: false)
    let integerText = parts.first.map(String.init) ?? ""
    let fractionText = parts.count > 1 ? String(parts[1]) : ""
    guard let mantissa = Int128(integerText + fractionText == "" ? "0" : integerText + fractionText) else { return nil }
    var power10 = -fractionText.count
    var power2 = 0
    switch suffix {
    case "": break
    case "n": power10 -= 9
    case "u": power10 -= 6
    case "m": power10 -= 3
    case "k": power10 += 3
    case "M": power10 += 6
    case "G": power10 += 9
    case "T": power10 += 12
    case "P": power10 += 15
    case "E": power10 += 18
    case "Ki": power2 = 10
    case "Mi": power2 = 20
    case "Gi": power2 = 30
    case "Ti": power2 = 40
    case "Pi": power2 = 50
    case "Ei": power2 = 60
    default:
        guard suffix.first == "e" || suffix.first == "E", let exponent = Int(suffix.dropFirst()) else { return nil }
        power10 += exponent
    }
    // value = mantissa * 2^power2 * 10^power10; in nanos multiply by 10^9.
    var numerator = mantissa << power2
    var shift = power10 + 9
    while shift > 0 { numerator *= 10; shift -= 1 }
    var denominator: Int128 = 1
    while shift < 0 { denominator *= 10; shift += 1 }
    var nanos = numerator / denominator
    if numerator % denominator != 0 { nanos += 1 }
    if power2 > 0 {
        let cap = Int128(Int64.max) * 1_000_000_000
        if nanos > cap { nanos = cap }
    }
    return negative ? -nanos : nanos
}

@Test("Canonical text has the same value (in nanos, rounded up) as the input: independent Int128 oracle")
private func valueOracle() throws {
    var rng = SplitMix(state: 0xC0FFEE)
    let suffixes = ["", "n", "u", "m", "k", "M", "G", "T", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
                    "e0", "e3", "e-3", "E+6", "e-9", "e-12", "e2", "E-1", "e-15"]
    var checked = 0
    for _ in 0..<20_000 {
        // At most 10 digits keep mantissa * 2^60 * 10^9 inside Int128.
        let unsigned = randomQuantity(&rng, maxDigits: 5, suffixes: suffixes)
        let input = Bool.random(using: &rng) ? "-" + unsigned : unsigned
        let canonical = try Quantity.canonical(input)
        guard let expected = nanoUnits(input), let actual = nanoUnits(canonical) else {
            Issue.record("oracle could not read \(input) or \(canonical)")
            continue
        }
        #expect(expected == actual, "\(input) -> \(canonical)")
        checked += 1
    }
    #expect(checked == 20_000)
}

@Test("Arbitrary text never traps: it canonicalises (stably) or fails with a QuantityError")
private func arbitraryText() throws {
    var rng = SplitMix(state: 0xF00D)
    let alphabet = Array("0123456789.+-eEinumkKMGTPi xZ\u{00B5}")
    var accepted = 0
    for _ in 0..<20_000 {
        let length = Int.random(in: 0...25, using: &rng)
        let input = String((0..<length).map { _ in alphabet.randomElement(using: &rng)! })
        do {
            let canonical = try Quantity.canonical(input)
            #expect(try Quantity.canonical(canonical) == canonical, "\(input.debugDescription)")
            accepted += 1
        } catch is QuantityError {
            continue
        }
    }
    // The alphabet makes most strings invalid; enough must parse for the check to mean something.
    #expect(accepted > 500)
}
