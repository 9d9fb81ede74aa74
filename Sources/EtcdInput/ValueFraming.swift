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
