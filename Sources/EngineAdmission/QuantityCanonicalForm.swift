import Foundation

/// The text resource.Quantity writes for a value: what etcd holds, whatever the request said.
/// Resource lists are first rounded up to milli units (SetDefaults_ResourceList); then the
/// value keeps the request's format family (binary suffix, SI suffix, or e-exponent) in its
/// canonical spelling: `1000m` → `1`, `0.5` → `500m`, `1000` → `1k`, `1024Mi` → `1Gi`,
/// `0.5Gi` → `512Mi`, `0.5Ki` → `512` (binary values below 1024 or with fractions print as SI).
enum QuantityCanonicalForm {
    enum Format { case binarySI, decimalSI, decimalExponent }

    static let decimalSuffixes: [Int: String] = [-9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E"]
    static let binarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]

    /// The canonical text after milli round-up, or nil when `text` is not a quantity.
    static func canonical(_ text: String) -> String? {
        memo.value(for: text, computeCanonical)
    }

    private static let memo = TextMemo<String>()

    private static func computeCanonical(_ text: String) -> String? {
        guard let q = Quantity(text) else { return nil }
        let format: Format
        if binarySuffixes.dropFirst().contains(where: { text.hasSuffix($0) }) {
            format = .binarySI
        } else if text.contains(where: { $0 == "e" || $0 == "E" }) && !text.hasSuffix("E") {
            format = .decimalExponent
        } else {
            format = .decimalSI
        }
        return render(roundUpToMilli(q.value), format: format)
    }

    static func roundUpToMilli(_ value: Decimal) -> Decimal {
        var scaled = value * 1000, rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .up)
        return rounded / 1000
    }

    static func render(_ value: Decimal, format: Format) -> String {
        if value == 0 { return "0" }
        let negative = value < 0
        let magnitude = negative ? -value : value
        var chosen = format
        if chosen == .binarySI, magnitude < 1024 || !isInteger(magnitude) { chosen = .decimalSI }
        let sign = negative ? "-" : ""
        if chosen == .binarySI {
            var number = magnitude, power = 0
            while power < binarySuffixes.count - 1, isInteger(number / 1024) {
                number /= 1024
                power += 1
            }
            return sign + digits(number) + binarySuffixes[power]
        }
        // Integer mantissa in milli units (values are rounded to milli), trailing zeros moved into
        // the exponent, which is then lowered to a multiple of three.
        var mantissa = digits(magnitude * 1000)
        var exponent = -3
        while mantissa.count > 1, mantissa.hasSuffix("0") {
            mantissa.removeLast()
            exponent += 1
        }
        let remainder = ((exponent % 3) + 3) % 3
        mantissa += String(repeating: "0", count: remainder)
        exponent -= remainder
        if chosen == .decimalExponent {
            return sign + mantissa + (exponent == 0 ? "" : "e" + String(exponent))
        }
        return sign + mantissa + (decimalSuffixes[exponent] ?? "e" + String(exponent))
    }

    private static func isInteger(_ d: Decimal) -> Bool {
        var copy = d, rounded = Decimal()
        NSDecimalRound(&rounded, &copy, 0, .plain)
        return rounded == d
    }

    /// Decimal digits of a non-negative integral Decimal, without grouping or exponent.
    private static func digits(_ d: Decimal) -> String {
        NSDecimalNumber(decimal: d).stringValue
    }
}
