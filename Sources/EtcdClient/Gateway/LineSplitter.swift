/// Splits a streamed body into newline-terminated lines (the gateway's streams send one JSON
/// object per line), carrying a partial line over to the next chunk.
struct LineSplitter {
    private var pending: [UInt8] = []
    static let maxLine = 256 << 20

    mutating func append(_ chunk: some Collection<UInt8>, _ onLine: ([UInt8]) async throws -> Void) async throws {
        pending.append(contentsOf: chunk)
        var start = 0
        var i = pending.count - chunk.count
        while i < pending.count {
            if pending[i] == 0x0A {
                if i > start { try await onLine(Array(pending[start..<i])) }
                start = i + 1
            }
            i += 1
        }
        if start > 0 { pending.removeFirst(start) }
        if pending.count > Self.maxLine { throw EtcdError(.other, "gateway stream line longer than \(Self.maxLine) bytes") }
    }

    /// Whatever followed the last newline (a stream may end without one).
    mutating func finish(_ onLine: ([UInt8]) async throws -> Void) async throws {
        let rest = pending
        pending = []
        if !rest.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { try await onLine(rest) }
    }
}
