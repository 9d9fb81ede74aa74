import Bolt
import EtcdModel
#if canImport(Glibc)
import Glibc
#endif

/// `strata snapshot save FILE`: streams etcd's snapshot into a temporary file next to FILE,
/// checks the SHA-256 trailer etcd appends, fsyncs and renames. Any failure (etcd gone, a
/// bad digest, a full disk, Ctrl-C) removes the temporary file, so FILE is either complete or absent.
public struct SnapshotSave: Sendable {
    public var path: String
    /// Called with (bytes so far, expected total or 0) after each chunk; for the progress bar.
    public var progress: (@Sendable (Int64, Int64) -> Void)?

    public init(path: String, progress: (@Sendable (Int64, Int64) -> Void)? = nil) {
        self.path = path
        self.progress = progress
    }

    public struct Result: Sendable, Equatable {
        /// Bytes written, trailer included (as `etcdctl snapshot save` writes them).
        public var size: Int64
        public var sha256: [UInt8]
    }

    public func run(_ etcd: any LiveEtcd) async throws -> Result {
        let directory = Self.directory(of: path)
        let temp = directory + "/." + Self.baseName(of: path) + ".part-\(getpid())"
        // Armed before the file exists, disarmed after it is renamed or removed.
        let interrupt = InterruptCleanup(removing: temp)
        defer { interrupt.cancel() }
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw CommandFailure("cannot create \(temp): \(String(cString: strerror(errno)))")
        }
        var closed = false
        var renamed = false
        defer {
            if !closed { close(fd) }
            if !renamed { unlink(temp) }
        }
        // Only a rough total for the progress bar; a failing status call must not stop the save.
        let expected: Int64 = progress == nil ? 0 : ((try? await etcd.status().dbSize) ?? 0)

        var digest = TrailerDigest()
        var written: Int64 = 0
        for try await chunk in etcd.snapshot() {
            try Self.writeAll(fd, chunk, path: temp)
            digest.update(chunk)
            written += Int64(chunk.count)
            progress?(written, expected)
        }
        guard written > 0 else { throw CommandFailure("etcd sent an empty snapshot; nothing was saved") }
        guard let sha = digest.verify() else {
            throw CommandFailure("the snapshot's SHA-256 does not match its trailer (\(written) bytes received); nothing was saved")
        }
        guard fsync(fd) == 0 else { throw CommandFailure("fsync \(temp): \(String(cString: strerror(errno)))") }
        closed = true
        guard close(fd) == 0 else { throw CommandFailure("close \(temp): \(String(cString: strerror(errno)))") }
        guard rename(temp, path) == 0 else {
            throw CommandFailure("cannot rename \(temp) to \(path): \(String(cString: strerror(errno)))")
        }
        renamed = true
        // Make the rename itself durable.
        let dfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
        return Result(size: written, sha256: sha)
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                guard let base = raw.baseAddress else { return }
                let n = write(fd, base + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CommandFailure("write \(path): \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}

/// SHA-256 over everything but the last 32 bytes of a stream, compared with those 32 bytes.
/// The last 32 bytes are held back because the stream's end is only known when it ends.
struct TrailerDigest {
    static let trailerSize = 32
    private var sha = Bolt.SHA256()
    private var tail: [UInt8] = []

    init() { tail.reserveCapacity(Self.trailerSize * 2) }

    mutating func update(_ chunk: [UInt8]) {
        chunk.withUnsafeBytes { raw in
            let total = tail.count + raw.count
            let release = max(0, total - Self.trailerSize)
            // Hash the held-back bytes that are now known not to be the trailer, then the chunk's.
            let fromTail = min(release, tail.count)
            if fromTail > 0 {
                tail.withUnsafeBytes { sha.update(UnsafeRawBufferPointer(rebasing: $0[0..<fromTail])) }
                tail.removeFirst(fromTail)
            }
            let fromChunk = release - fromTail
            if fromChunk > 0 { sha.update(UnsafeRawBufferPointer(rebasing: raw[0..<fromChunk])) }
            tail.append(contentsOf: raw[fromChunk...])
        }
    }

    /// The digest if the trailer matches it, else nil.
    mutating func verify() -> [UInt8]? {
        guard tail.count == Self.trailerSize else { return nil }
        let d = sha.finalize()
        return d == tail ? d : nil
    }
}
