import Crypto
import EtcdModel
import Synchronization

/// What `saveSnapshot` wrote.
public struct SnapshotInfo: Sendable, Equatable {
    public let path: String
    /// File size, trailer included (what `etcdctl snapshot save` writes).
    public let totalBytes: Int64
    /// The bbolt database part, without the 32-byte trailer.
    public let databaseBytes: Int64
    /// The verified SHA-256 of the database part (also the file's last 32 bytes).
    public let sha256: [UInt8]

    public var sha256Hex: String {
        let digits = Array("0123456789abcdef")
        return String(sha256.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}

extension EtcdClient {
    /// Saves a snapshot to `path` the safe way: temporary file in the same directory, SHA-256
    /// trailer checked against the data, fsync, rename. On any failure no file is left behind.
    /// `progress` gets the bytes written so far after each chunk.
    public func saveSnapshot(to path: String, progress: @escaping @Sendable (Int64) -> Void = { _ in }) async throws -> SnapshotInfo {
        let file = try AtomicFile(path: path)
        let writer = LockedBox(SnapshotDigest())
        do {
            try await streamSnapshot { message, part in
                try file.append(message.blob)
                let written = try writer.withLock { d throws(EtcdError) -> Int64 in
                    try d.add(message.blob, part: part)
                    return d.total
                }
                progress(written)
            }
            let (digest, total) = writer.withLock { ($0.digest, $0.total) }
            try file.commit()
            return SnapshotInfo(path: path, totalBytes: total, databaseBytes: total - 32, sha256: digest)
        } catch {
            file.discard()
            throw error
        }
    }
}

/// Hashes the data chunks and checks the trailer against them.
struct SnapshotDigest: @unchecked Sendable {  // SHA256 is a value type with no shared state
    private var hasher = SHA256()
    private(set) var total: Int64 = 0
    private(set) var digest: [UInt8] = []

    mutating func add(_ blob: [UInt8], part: SnapshotStreamCheck.Part) throws(EtcdError) {
        total += Int64(blob.count)
        switch part {
        case .data:
            hasher.update(data: blob)
        case .trailer:
            let computed = Array(hasher.finalize())
            guard computed == blob else {
                throw EtcdError(.other, "snapshot checksum mismatch: the data does not match its SHA-256 trailer")
            }
            digest = computed
        }
    }
}
