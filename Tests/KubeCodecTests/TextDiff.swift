/// Names the first differing line of two texts, for readable test failures.
func firstDifference(_ got: [UInt8], _ expected: [UInt8]) -> String {
    let a = String(decoding: got, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let b = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    var i = 0
    while i < a.count && i < b.count && a[i] == b[i] { i += 1 }
    let g = i < a.count ? String(a[i]) : "<end>"
    let e = i < b.count ? String(b[i]) : "<end>"
    return "line \(i + 1): got «\(g)» expected «\(e)»"
}

/// Offset of the first differing byte (the shorter length when one is a prefix of the other).
func firstDifferingByte(_ a: [UInt8], _ b: [UInt8]) -> Int {
    var i = 0
    while i < a.count && i < b.count && a[i] == b[i] { i += 1 }
    return i
}
