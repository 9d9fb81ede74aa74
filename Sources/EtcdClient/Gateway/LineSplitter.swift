#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a streamed body into newline-terminated lines (the gateway's streams send one JSON
/// object per line), carrying a partial line over to the next chunk. Snapshot lines are ~44 KB
/// of base64, so the newline search uses memchr rather than a byte loop.
struct LineSplitter {
    private var pending: [UInt8] = []
    static let maxLine = 256 << 20

    mutating func append(_ chunk: some Collection<UInt8>, _ onLine: ([UInt8]) async throws -> Void) async throws {
        let searchFrom = pending.count
        pending.append(contentsOf: chunk)
        var lines: [Range<Int>] = []
        var start = 0
        pending.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var from = searchFrom
            while from < raw.count, let hit = memchr(base + from, 0x0A, raw.count - from) {
                let at = base.distance(to: UnsafeRawPointer(hit))
                if at > start { lines.append(start..<at) }
                start = at + 1
                from = at + 1
            }
        }
        for range in lines { try await onLine(Array(pending[range])) }
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
