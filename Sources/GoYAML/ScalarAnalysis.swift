/// What libyaml's scalar analysis (`yaml_emitter_analyze_scalar` in go-yaml v2) concludes about a
/// value: which styles may represent it. The emitter only ever works at flow level 0 for
/// scalars, so the flow-plain verdict is not kept.
struct ScalarAnalysis {
    var multiline = false
    var blockPlainAllowed = true
    var singleQuotedAllowed = true
    var blockAllowed = true
    /// Number of code points, which is what the emitter's column counter advances by.
    var characterCount = 0
    var hasSpace = false
    /// Any byte >= 0x80; only then does the caller need to check the UTF-8 is valid.
    var hasNonASCII = false
    /// Contains `\n`, which is what makes go-yaml's encoder ask for a literal block.
    var hasLineFeed = false

    init(_ value: UnsafeBufferPointer<UInt8>) {
        let n = value.count
        if n == 0 {
            blockAllowed = false
            return
        }
        // Fast path for the common identifier-like value: an ASCII letter or digit followed
        // only by printable ASCII other than space, ':' and '#'. Every style is allowed.
        let first = value[0]
        if (first | 0x20 >= UInt8(ascii: "a") && first | 0x20 <= UInt8(ascii: "z"))
            || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) {
            var j = 1
            while j < n && isOrdinaryASCII(value[j]) { j += 1 }
            if j == n {
                characterCount = n
                return
            }
        }
        var blockIndicators = false
        var lineBreaks = false
        var specialCharacters = false
        var leadingSpace = false, leadingBreak = false
        var trailingSpace = false, trailingBreak = false
        var breakSpace = false, spaceBreak = false
        var previousSpace = false, previousBreak = false
        var precededByWhitespace = true

        if n >= 3 && ((value[0] == 0x2D && value[1] == 0x2D && value[2] == 0x2D)
            || (value[0] == 0x2E && value[1] == 0x2E && value[2] == 0x2E)) {
            blockIndicators = true
        }
        var i = 0
        var count = 0
        while i < n {
            // Fast path: a run of printable ASCII that is neither space nor an indicator that
            // matters inside a block scalar (':' and '#'), after the first character.
            if i > 0 && isOrdinaryASCII(value[i]) {
                var j = i + 1
                while j < n && isOrdinaryASCII(value[j]) { j += 1 }
                count += j - i
                i = j
                previousSpace = false
                previousBreak = false
                precededByWhitespace = false
                continue
            }
            let c = value[i]
            if c >= 0x80 { hasNonASCII = true }
            var w = utf8Width(c)
            if w == 0 { w = 1 }  // never stall on a stray byte (input is validated before)
            let next = byteAt(value, i + w)
            let followedByWhitespace = i + w >= n || next == 0x20 || next == 0x09
            if i == 0 {
                switch c {
                case UInt8(ascii: "#"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
                     UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "&"), UInt8(ascii: "*"),
                     UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
                     UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
                    blockIndicators = true
                case UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: "-"):
                    if followedByWhitespace { blockIndicators = true }
                default: break
                }
            } else {
                if c == UInt8(ascii: ":") && followedByWhitespace { blockIndicators = true }
                if c == UInt8(ascii: "#") && precededByWhitespace { blockIndicators = true }
            }
            if !yamlIsPrintable(value, i) { specialCharacters = true }
            if c == 0x20 {
                hasSpace = true
                if i == 0 { leadingSpace = true }
                if i + w == n { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if yamlIsBreak(value, i) {
                if c == 0x0A { hasLineFeed = true }
                lineBreaks = true
                if i == 0 { leadingBreak = true }
                if i + w == n { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = yamlIsBlankOrBreakOrEnd(value, i)
            i += w
            count += 1
        }
        characterCount = count
        multiline = lineBreaks
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak {
            blockPlainAllowed = false
        }
        if trailingSpace { blockAllowed = false }
        if breakSpace {
            blockPlainAllowed = false
            singleQuotedAllowed = false
        }
        if spaceBreak || specialCharacters {
            blockPlainAllowed = false
            singleQuotedAllowed = false
            blockAllowed = false
        }
        if lineBreaks { blockPlainAllowed = false }
        if blockIndicators { blockPlainAllowed = false }
    }
}

/// Printable ASCII other than space, ':' and '#': inside a value these change nothing in the
/// analysis except resetting the "previous character" flags.
@inline(__always)
private func isOrdinaryASCII(_ c: UInt8) -> Bool {
    c > 0x20 && c < 0x7F && c != UInt8(ascii: ":") && c != UInt8(ascii: "#")
}
