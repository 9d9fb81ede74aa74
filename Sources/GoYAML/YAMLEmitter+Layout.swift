import GoJSON

/// Low-level output primitives of the libyaml emitter: indentation, indicators, line breaks.
extension YAMLEmitter {
    static let spaces: StaticString = "                                                                "

    @inline(__always)
    mutating func putSpace() {
        buffer.append(0x20)
        column += 1
    }

    @inline(__always)
    mutating func putBreak() {
        buffer.append(0x0A)
        column = 0
    }

    /// Moves to the current indentation, starting a new line unless the cursor already sits
    /// at (or before) the indentation on a fresh line.
    @inline(__always)
    mutating func writeIndent() {
        let target = max(indent, 0)
        if !indention || column > target || (column == target && !whitespace) {
            putBreak()
        }
        while column < target {
            let n = min(target - column, YAMLEmitter.spaces.utf8CodeUnitCount)
            buffer.append(YAMLEmitter.spaces.utf8Start, count: n)
            column += n
        }
        whitespace = true
        indention = true
    }

    @inline(__always)
    mutating func writeIndicator(_ indicator: UInt8, needWhitespace: Bool, isWhitespace: Bool, isIndention: Bool) {
        if needWhitespace && !whitespace { putSpace() }
        buffer.append(indicator)
        column += 1
        whitespace = isWhitespace
        indention = indention && isIndention
    }

    /// Copies the character at `i` (1 to 4 bytes) and advances `i`; one column per character.
    @inline(__always)
    mutating func writeCharacter(_ value: UnsafeBufferPointer<UInt8>, _ i: inout Int) {
        var w = utf8Width(value[i])
        if w == 0 { w = 1 }
        let end = min(i + w, value.count)
        if end - i == 1 {
            buffer.append(value[i])
        } else if let start = value.baseAddress {
            buffer.append(start + i, count: end - i)
        }
        column += 1
        i = end
    }

    /// A line break taken from the value: `\n` is written as the emitter's break, other breaks
    /// (CR, NEL, LS, PS) are copied as they are.
    @inline(__always)
    mutating func writeBreak(_ value: UnsafeBufferPointer<UInt8>, _ i: inout Int) {
        if value[i] == 0x0A {
            putBreak()
            i += 1
        } else {
            writeCharacter(value, &i)
            column = 0
        }
    }

    /// A scalar that is always plain and never contains spaces (numbers, bools, null).
    mutating func writePlainToken(_ token: UnsafeBufferPointer<UInt8>) {
        if !whitespace { putSpace() }
        buffer.append(token)
        column += token.count
        whitespace = false
        indention = false
    }

    mutating func writePlainToken(_ token: StaticString) {
        writePlainToken(UnsafeBufferPointer(start: token.utf8Start, count: token.utf8CodeUnitCount))
    }
}
