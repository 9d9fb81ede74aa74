import Foundation

/// A resource.Quantity's value, exact enough to add and compare the way QoS classification does
/// (`100m`, `0.5`, `1Gi`, `2e3`). Decimal keeps 38 significant digits, more than any real quantity.
struct Quantity: Comparable {
    let value: Decimal

    static let zero = Quantity(value: 0)

    init(value: Decimal) { self.value = value }

    /// Parses resource.Quantity's text (remembered per text: see TextMemo).
    init?(_ text: String) {
        guard let parsed = Self.memo.value(for: text, Self.parse) else { return nil }
        value = parsed
    }

    private static let memo = TextMemo<Decimal>()

    private static func parse(_ text: String) -> Decimal? {
        let binary: [String: Decimal] = [
            "Ki": Self.power(2, 10), "Mi": Self.power(2, 20), "Gi": Self.power(2, 30),
            "Ti": Self.power(2, 40), "Pi": Self.power(2, 50), "Ei": Self.power(2, 60),
        ]
        let decimalSuffix: [String: Int] = ["n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18]
        var number = Substring(text)
        var multiplier: Decimal = 1
        if number.count > 2, let factor = binary[String(number.suffix(2))] {
            multiplier = factor
            number = number.dropLast(2)
        } else if let last = number.last, let exponent = decimalSuffix[String(last)], !number.dropLast().isEmpty,
                  !(last == "E" && number.dropLast().last.map({ !$0.isNumber && $0 != "." }) == true) {
            multiplier = Self.power(10, exponent)
            number = number.dropLast()
        }
        // What remains is a signed decimal with an optional e/E exponent; Decimal parses both.
        guard !number.isEmpty, number.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }),
              let parsed = Decimal(string: String(number), locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        return parsed * multiplier
    }

    private static func power(_ base: Int, _ exponent: Int) -> Decimal {
        var result: Decimal = 1
        for _ in 0..<abs(exponent) { result *= Decimal(base) }
        return exponent < 0 ? 1 / result : result
    }

    static func + (a: Quantity, b: Quantity) -> Quantity { Quantity(value: a.value + b.value) }
    static func < (a: Quantity, b: Quantity) -> Bool { a.value < b.value }
}
