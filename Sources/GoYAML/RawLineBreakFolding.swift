#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Go's JSON encoder leaves U+0085 (NEL) unescaped, and go-yaml, reading that JSON back inside
/// `JSONToYAML`, treats a raw NEL in a double-quoted scalar as a line break and folds it the
/// YAML way. Spaces and NEL are the only raw blanks and breaks JSON text can carry (tabs, CR and
/// LF are escaped, and escaped characters never fold), so this reproduces exactly what reaches
/// go-yaml's emitter: a run of NELs becomes one space, or n-1 newlines for n NELs, and spaces
/// before the first NEL of a run are dropped, spaces after it are kept only where no break follows.
/// Callers printing values that went through Go's json.Marshal (decoded objects) apply it before
/// `string`/`key`; JSON text that escapes NEL as `\u0085` is not folded by go-yaml, so the
/// emitter itself never folds.
public enum RawLineBreakFolding {
    @inline(__always)
    public static func containsNEL(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard var p = utf8.baseAddress else { return false }
        var left = utf8.count
        while left > 1, let hit = memchr(p, 0xC2, left - 1) {
            let c = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
            if c[1] == 0x85 { return true }
            let advance = c - p + 1
            p += advance
            left -= advance
        }
        return false
    }

    public static func fold(_ s: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = 0
        let n = s.count
        func isNEL(_ i: Int) -> Bool { i + 1 < n && s[i] == 0xC2 && s[i + 1] == 0x85 }
        while true {
            while i < n && s[i] != 0x20 && !isNEL(i) {
                out.append(s[i])
                i += 1
            }
            if i >= n { break }
            var whitespaces = 0
            var leadingBlanks = false
            var trailingBreaks = 0
            while i < n && (s[i] == 0x20 || isNEL(i)) {
                if s[i] == 0x20 {
                    if !leadingBlanks { whitespaces += 1 }
                    i += 1
                } else {
                    if !leadingBlanks {
                        whitespaces = 0
                        leadingBlanks = true
                    } else {
                        trailingBreaks += 1
                    }
                    i += 2
                }
            }
            if leadingBlanks {
                if trailingBreaks == 0 {
                    out.append(0x20)
                } else {
                    out.append(contentsOf: repeatElement(0x0A, count: trailingBreaks))
                }
            } else {
                out.append(contentsOf: repeatElement(0x20, count: whitespaces))
            }
        }
        return out
    }
}
