#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Bolt

/// Puts a finished database image on disk without ever leaving a half-written file at `path`:
/// the bytes go to a temporary file beside it, are fsynced, and are renamed over `path`.
public enum AtomicFile {
    /// `appendingSnapshotChecksum` adds the 32-byte SHA-256 of the image, which is what
    /// `etcdctl snapshot save` produces and `snapshot restore` checks. A data directory's
    /// `member/snap/db` has no trailer.
    public static func write(_ image: [UInt8], to path: String, appendingSnapshotChecksum: Bool) throws(BoltWriteError) {
        try write(to: path) { fd, temporary throws(BoltWriteError) in
            var failure: BoltWriteError?
            image.withUnsafeBytes { raw in
                if let error = writeAll(fd, raw, path: temporary) { failure = error; return }
                if appendingSnapshotChecksum {
                    let digest = SHA256.hash(raw)
                    digest.withUnsafeBytes { if let error = writeAll(fd, $0, path: temporary) { failure = error } }
                }
            }
            if let failure { throw failure }
        }
    }

    /// The same for a file `fill` writes itself (with `pwrite`, into the descriptor it is given)
    /// and whose length it returns. The SHA-256 trailer is computed by reading the written file
    /// back, so the image never has to be in memory whole.
    public static func write(to path: String, appendingSnapshotChecksum: Bool,
                             fill: (Int32, String) throws(BoltWriteError) -> Int) throws(BoltWriteError) {
        try write(to: path) { fd, temporary throws(BoltWriteError) in
            let length = try fill(fd, temporary)
            guard ftruncate(fd, off_t(length)) == 0 else { throw .io(path: temporary, reason: "ftruncate: " + errnoText()) }
            guard appendingSnapshotChecksum else { return }
            var hasher = SHA256()
            var chunk = [UInt8](repeating: 0, count: 4 << 20)
            var offset = 0
            while offset < length {
                let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, min($0.count, length - offset), off_t(offset)) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw .io(path: temporary, reason: "reading back: " + (n < 0 ? errnoText() : "file ends early")) }
                chunk.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                offset += n
            }
            let digest = hasher.finalize()
            guard lseek(fd, off_t(length), SEEK_SET) >= 0 else { throw .io(path: temporary, reason: "seek: " + errnoText()) }
            if let error = digest.withUnsafeBytes({ writeAll(fd, $0, path: temporary) }) { throw error }
        }
    }

    /// Temp file beside `path`, `body` writes it, fsync, rename, directory fsync; on any failure
    /// the temp file goes and `path` is untouched.
    private static func write(to path: String, body: (Int32, String) throws(BoltWriteError) -> Void) throws(BoltWriteError) {
        let temporary = path + ".part"
        let fd = open(temporary, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: temporary, reason: errnoText()) }
        var failure: BoltWriteError?
        do { try body(fd, temporary) } catch { failure = error }
        if failure == nil && fsync(fd) != 0 { failure = .io(path: temporary, reason: "fsync: " + errnoText()) }
        if close(fd) != 0 && failure == nil { failure = .io(path: temporary, reason: "close: " + errnoText()) }
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let reason = errnoText()
            unlink(temporary)
            throw .io(path: path, reason: "rename: " + reason)
        }
        syncDirectory(of: path)
    }

    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) -> BoltWriteError? {
        var offset = 0
        while offset < bytes.count {
            guard let base = bytes.baseAddress else { return nil }
            let n = systemWrite(fd, base + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return .io(path: path, reason: errnoText())
            }
            offset += n
        }
        return nil
    }

    /// Makes the rename itself durable.
    private static func syncDirectory(of path: String) {
        let directory: String
        if let slash = path.lastIndex(of: "/") {
            directory = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            directory = "."
        }
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
