import Foundation
import Testing
@testable import GoJSON

@Suite struct GoFloatTests {
    static func corpus() -> [Double] {
        var values: [Double] = [0, -0.0, 1, -1, 0.1, 0.2, 0.3, 1.5, 100, 1e20, 1e21, 1e22, 1e-6, 1e-7, 1.5e-7,
                                123456, 1234567, 1e6, 999999, 0.0001, 0.00001, 1e100, 1e-100, 1e300, Double.leastNonzeroMagnitude,
                                Double.leastNormalMagnitude, Double.greatestFiniteMagnitude, Double.ulpOfOne,
                                9007199254740992, 9007199254740994, 18446744073709551616, 9.223372036854776e18]
        for boundary in [1e21, 1e-6, 1e-4, 1e-5, 1e6, 1e5, 1e15, 1e16, 1e17] {
            var up = boundary
            var down = boundary
            for _ in 0..<5 {
                up = up.nextUp
                down = down.nextDown
                values.append(contentsOf: [up, down, -up, -down])
            }
        }
        var rng = SplitMix64(seed: 0xF10A7)
        for _ in 0..<10_000 {
            let d = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &rng))
            if d.isFinite { values.append(d) }
        }
        for _ in 0..<2_000 {
            // Subnormals: exponent bits all zero.
            values.append(Double(bitPattern: UInt64.random(in: 1..<(1 << 52), using: &rng)))
        }
        for _ in 0..<3_000 {
            // Short decimals and integers, the values real manifests contain.
            let mantissa = Double(Int.random(in: -1_000_000...1_000_000, using: &rng))
            let scale = Int.random(in: -25...25, using: &rng)
            values.append(mantissa * pow(10, Double(scale)))
            values.append(Double(Int64.random(in: Int64.min...Int64.max, using: &rng)))
        }
        return values
    }

    @Test func matchesGoOnCorpus() throws {
        let values = Self.corpus()
        var input = ""
        for v in values {
            let hex = String(v.bitPattern, radix: 16)
            input += String(repeating: "0", count: 16 - hex.count) + hex + "\n"
        }
        let output = try GoOracle.run("float", input: Data(input.utf8))
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        try #require(lines.count == values.count)
        var mismatches = 0
        for (v, line) in zip(values, lines) {
            let parts = line.split(separator: " ")
            let ours = (goFormatFloat64(v), goFormatFloatG(v))
            if parts.count != 2 || ours.0 != parts[0] || ours.1 != parts[1] {
                mismatches += 1
                if mismatches <= 10 { Issue.record("\(v.bitPattern): ours \(ours) go \(line)") }
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(values.count) floats differ from Go")
    }

    @Test func knownSpellings() {
        #expect(goFormatFloat64(1e21) == "1e+21")
        #expect(goFormatFloat64(1.5e-7) == "1.5e-7")
        #expect(goFormatFloat64(1e20) == "100000000000000000000")
        #expect(goFormatFloat64(-0.0) == "-0")
        #expect(goFormatFloatG(1.5e-7) == "1.5e-07")
        #expect(goFormatFloatG(1e6) == "1e+06")
        #expect(goFormatFloatG(0.5) == "0.5")
        #expect(goFormatFloat64(.nan) == "NaN")
    }
}
