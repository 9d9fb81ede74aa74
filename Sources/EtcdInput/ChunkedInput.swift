#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A window over a file descriptor, filled in chunks, so a large stream is read with memory
/// proportional to the largest record rather than the whole input. Consumed bytes are dropped
/// when the window is refilled.
final class ChunkedInput {
    private let fd: Int32
    private let ownsDescriptor: Bool
    let chunkSize: Int
    private var buffer: [UInt8] = []
    /// Index in `buffer` of the first unconsumed byte.
    private var start = 0
    /// Stream offset of `buffer[0]`.
    private var bufferOffset = 0
    private(set) var isEOF = false
    /// Largest the window has been; lets tests check that memory stays flat.
    private(set) var peakBufferedBytes = 0

    init(fd: Int32, ownsDescriptor: Bool, chunkSize: Int) {
        self.fd = fd
        self.ownsDescriptor = ownsDescriptor
        self.chunkSize = max(chunkSize, 1)
    }

    init(bytes: [UInt8]) {
        fd = -1
        ownsDescriptor = false
        chunkSize = 1 << 16
        buffer = bytes
        isEOF = true
        peakBufferedBytes = bytes.count
    }

    deinit {
        if ownsDescriptor { _ = close(fd) }
    }

    var available: Int { buffer.count - start }
    /// Stream offset of the first unconsumed byte.
    var offset: Int { bufferOffset + start }

    func consume(_ count: Int) {
        start += min(count, available)
    }

    func withAvailable<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try buffer.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[start...]))
        }
    }

    /// Reads one more chunk. Returns false at end of input.
    @discardableResult
    func readMore() throws -> Bool {
        if isEOF { return false }
        if start > 0 && (start >= buffer.count / 2 || start >= chunkSize) {
            buffer.removeFirst(start)
            bufferOffset += start
            start = 0
        }
        let oldCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunkSize))
        var got = 0
        while true {
            got = buffer.withUnsafeMutableBytes { raw in
                read(fd, raw.baseAddress! + oldCount, chunkSize)
            }
            if got >= 0 || errno != EINTR { break }
        }
        guard got >= 0 else {
            buffer.removeLast(chunkSize)
            throw EtcdInputError(offset: offset + available, message: "read failed: \(String(cString: strerror(errno)))")
        }
        buffer.removeLast(chunkSize - got)
        peakBufferedBytes = max(peakBufferedBytes, buffer.count)
        if got == 0 { isEOF = true }
        return got > 0
    }

    /// Reads at least one chunk and until the window has doubled, for callers that re-scan the
    /// window from its start after each read (so a large record costs O(n), not O(n²)).
    func readMoreDoubling() throws {
        let target = max(available * 2, chunkSize)
        while available < target, try readMore() {}
    }

    /// Reads until at least `count` bytes are available or the input ends.
    func fill(atLeast count: Int) throws -> Bool {
        while available < count {
            if try !readMore() && isEOF { return available >= count }
        }
        return true
    }

    /// Reads everything that is left.
    func readToEnd() throws {
        while try readMore() || !isEOF {}
    }
}
