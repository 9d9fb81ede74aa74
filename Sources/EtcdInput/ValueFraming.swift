import GoJSON

/// Finds where one value ends in etcdctl output that prints values back to back, separated only
/// by a newline (`get` simple output and `--print-value-only`). Values that describe their own
/// length (the Kubernetes protobuf envelope, JSON, self-described CBOR) are measured; anything
/// else ends at the newline before the next line that looks like a key.
struct ValueFraming {
    enum Follower {
        /// Simple output: a key line follows, recognised by the prefix of the first key seen
        /// (e.g. `/registry/`) or as one of the known plain keys.
        case keyLine(prefix: [UInt8])
        /// Value-only output: whatever comes next is the next value.
        case anyValue
    }

    enum Result: Equatable {
        case needMore
        /// The value is `bytes[0..<length]`; the next record starts at `next`.
        case value(length: Int, next: Int)
    }

    var follower: Follower
    /// Where the newline scan of the fallback resumes, so a long opaque value is scanned once.
    private var scanFrom = 0

    init(follower: Follower) {
        self.follower = follower
    }

    mutating func reset() { scanFrom = 0 }

    mutating func frame(_ bytes: UnsafeBufferPointer<UInt8>, atEOF: Bool) -> Result {
        switch measuredEnd(bytes, atEOF: atEOF) {
        case .needMore:
            return .needMore
        case .end(let end):
            if let result = separated(bytes, valueEnd: end, atEOF: atEOF) { return result }
        case .unmeasured:
            break
        }
        return fallback(bytes, atEOF: atEOF)
    }

    private enum Measure {
        case needMore
        case end(Int)
        case unmeasured
    }

    private func measuredEnd(_ bytes: UnsafeBufferPointer<UInt8>, atEOF: Bool) -> Measure {
        guard let first = bytes.first else { return atEOF ? .unmeasured : .needMore }
        if first == KubernetesValueShapes.protobufMagic[0] {
            if bytes.count < 4 { return atEOF ? .unmeasured : .needMore }
            if bytes.starts(with: KubernetesValueShapes.protobufMagic) { return envelopeEnd(bytes, atEOF: atEOF) }
        }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            return jsonEnd(bytes, atEOF: atEOF)
        }
        if first == KubernetesValueShapes.cborSelfDescribed[0] {
            if bytes.count < 3 { return atEOF ? .unmeasured : .needMore }
            if bytes.starts(with: KubernetesValueShapes.cborSelfDescribed) { return cborEnd(bytes, atEOF: atEOF) }
        }
        return .unmeasured
    }

    /// runtime.Unknown after the magic: fields 1–4, all length-delimited, in increasing order
    /// (gogo writes them that way, 3 and 4 even when empty). The newline etcdctl appends reads as
    /// the tag of field 1 again, which is how the end shows.
    private func envelopeEnd(_ bytes: UnsafeBufferPointer<UInt8>, atEOF: Bool) -> Measure {
        var position = 4
        var lastField: UInt64 = 0
        while true {
            if position == bytes.count { return atEOF ? .end(position) : .needMore }
            var cursor = position
            guard let tag = readVarint(bytes, &cursor) else { return atEOF ? .unmeasured : .needMore }
            let field = tag >> 3
            if tag & 7 != 2 || field <= lastField || field > 4 { return .end(position) }
            guard let length = readVarint(bytes, &cursor) else { return atEOF ? .unmeasured : .needMore }
            guard length <= UInt64(bytes.count - cursor) else { return atEOF ? .unmeasured : .needMore }
            position = cursor + Int(length)
            lastField = field
            if field == 4 { return .end(position) }
        }
    }

    private func readVarint(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count, shift < 64 {
            let b = bytes[position]
            position += 1
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    /// The matching close bracket, skipping string contents.
    private func jsonEnd(_ bytes: UnsafeBufferPointer<UInt8>, atEOF: Bool) -> Measure {
        var depth = 0
        var inString = false
        var index = 0
        while index < bytes.count {
            let b = bytes[index]
            if inString {
                if b == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if b == UInt8(ascii: "\"") { inString = false }
            } else {
                switch b {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return .end(index + 1) }
                default: break
                }
            }
            index += 1
        }
        return atEOF ? .unmeasured : .needMore
    }

    private func cborEnd(_ bytes: UnsafeBufferPointer<UInt8>, atEOF: Bool) -> Measure {
        do {
            let (_, end) = try CBORDecoder.decodePrefix(UnsafeRawBufferPointer(bytes))
            return .end(end)
        } catch let error as CBORDecodeError where error.isTruncation {
            return atEOF ? .unmeasured : .needMore
        } catch {
            return .unmeasured
        }
    }

    /// After a measured value: optional whitespace that belongs to the value (a JSON value
    /// written by Go's json.Encoder ends with its own newline), then etcdctl's newline, then the
    /// next record. nil when the bytes do not fit that shape.
    private func separated(_ bytes: UnsafeBufferPointer<UInt8>, valueEnd: Int, atEOF: Bool) -> Result? {
        if case .anyValue = follower { return separatedWithoutKeys(bytes, valueEnd: valueEnd, atEOF: atEOF) }
        var next = valueEnd
        while next < bytes.count, isJSONWhitespace(bytes[next]) { next += 1 }
        if next == bytes.count && !atEOF { return .needMore }
        guard next > valueEnd, bytes[next - 1] == 0x0A else {
            // Nothing after the value at all: the input ended without etcdctl's newline.
            return next == bytes.count && next == valueEnd ? .value(length: valueEnd, next: next) : nil
        }
        switch followerMatches(bytes, at: next, atEOF: atEOF) {
        case .some(true): return .value(length: next - 1, next: next)
        case .some(false): return nil
        case .none: return .needMore
        }
    }

    /// Without key lines to anchor on, only the newline a Go json.Encoder writes is taken as part
    /// of the value: `}\n\n` is a value ending in a newline, `}\n` followed by anything else is
    /// not (so a following whitespace-only value is not swallowed).
    private func separatedWithoutKeys(_ bytes: UnsafeBufferPointer<UInt8>, valueEnd: Int, atEOF: Bool) -> Result? {
        if valueEnd == bytes.count { return atEOF ? .value(length: valueEnd, next: valueEnd) : .needMore }
        guard bytes[valueEnd] == 0x0A else { return nil }
        if valueEnd + 1 == bytes.count { return atEOF ? .value(length: valueEnd, next: valueEnd + 1) : .needMore }
        if bytes[valueEnd + 1] == 0x0A { return .value(length: valueEnd + 1, next: valueEnd + 2) }
        return .value(length: valueEnd, next: valueEnd + 1)
    }

    /// true/false, or nil when more input is needed to decide.
    private func followerMatches(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int, atEOF: Bool) -> Bool? {
        if position == bytes.count { return atEOF ? true : nil }
        switch follower {
        case .anyValue:
            return true
        case .keyLine(let prefix):
            let rest = UnsafeBufferPointer(rebasing: bytes[position...])
            if !prefix.isEmpty {
                if rest.starts(with: prefix) { return true }
                if rest.count < prefix.count, prefix.starts(with: rest) { return atEOF ? false : nil }
            }
            var undecided = false
            for line in KubernetesValueShapes.knownPlainKeyLines {
                if rest.starts(with: line) { return true }
                if rest.count < line.count, line.starts(with: rest) { undecided = true }
            }
            return undecided && !atEOF ? nil : false
        }
    }

    private mutating func fallback(_ bytes: UnsafeBufferPointer<UInt8>, atEOF: Bool) -> Result {
        switch follower {
        case .anyValue:
            // Without keys an opaque value can only be the last one: it runs to the end.
            guard atEOF else { return .needMore }
            let length = bytes.last == 0x0A ? bytes.count - 1 : bytes.count
            return .value(length: length, next: bytes.count)
        case .keyLine:
            var index = scanFrom
            while index < bytes.count {
                if bytes[index] == 0x0A {
                    switch followerMatches(bytes, at: index + 1, atEOF: atEOF) {
                    case .some(true): return .value(length: index, next: index + 1)
                    case .some(false): break
                    case .none:
                        scanFrom = index
                        return .needMore
                    }
                }
                index += 1
            }
            scanFrom = index
            guard atEOF else { return .needMore }
            return .value(length: bytes.count, next: bytes.count)
        }
    }
}
