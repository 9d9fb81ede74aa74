/// go-yaml v2's map key order (`keyList.Less` for two string keys), which JSONToYAML applies
/// to every mapping: runes compared one by one; letters by code point; a non-letter sorts
/// before a letter; runs of digits compared by numeric value (with go-yaml's leading-zero
/// rule), then by run length; when one key is a prefix of the other the shorter comes first.
public func goYAMLKeyLess(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    if isASCII(a) && isASCII(b) {
        return runeLess(a.count, b.count, { UInt32(a[$0]) }, { UInt32(b[$0]) })
    }
    return withRunes(a) { ar in
        withRunes(b) { br in
            runeLess(ar.count, br.count, { ar[$0] }, { br[$0] })
        }
    }
}

public func goYAMLKeyLess(_ a: String, _ b: String) -> Bool {
    var a = a, b = b
    return a.withUTF8 { pa in b.withUTF8 { pb in goYAMLKeyLess(pa, pb) } }
}

private func isASCII(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
    for c in s where c >= 0x80 { return false }
    return true
}

private func withRunes<R>(_ s: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt32>) -> R) -> R {
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: max(s.count, 1)) { buffer in
        var n = 0
        var i = 0
        while i < s.count {
            let (r, w) = goDecodeRune(s, i)
            buffer[n] = r
            n += 1
            i += w
        }
        return body(UnsafeBufferPointer(rebasing: buffer[0..<n]))
    }
}

@inline(__always)
private func runeLess(_ na: Int, _ nb: Int, _ ra: (Int) -> UInt32, _ rb: (Int) -> UInt32) -> Bool {
    let zero: UInt32 = 0x30
    var i = 0
    while i < na && i < nb {
        let x = ra(i), y = rb(i)
        if x == y {
            i += 1
            continue
        }
        let xl = goIsLetter(x), yl = goIsLetter(y)
        if xl && yl { return x < y }
        if xl || yl { return yl }
        var an: Int64 = 0, bn: Int64 = 0
        if x == zero || y == zero {
            var j = i - 1
            while j >= 0 && goIsDigit(ra(j)) {
                if ra(j) != zero {
                    an = 1
                    bn = 1
                    break
                }
                j -= 1
            }
        }
        var ai = i
        while ai < na && goIsDigit(ra(ai)) {
            an = an &* 10 &+ (Int64(ra(ai)) &- 0x30)
            ai += 1
        }
        var bi = i
        while bi < nb && goIsDigit(rb(bi)) {
            bn = bn &* 10 &+ (Int64(rb(bi)) &- 0x30)
            bi += 1
        }
        if an != bn { return an < bn }
        if ai != bi { return ai < bi }
        return x < y
    }
    return na < nb
}
