/// The 32-byte SHA-256 that `etcdctl snapshot save` appends to the bbolt image. etcd detects it
/// by `size % 512 == 32`; a data dir's `db` never has one.
public enum SnapshotTrailer: Sendable, Equatable {
    case absent
    case notChecked
    case verified
    case mismatch(expected: String, actual: String)

    static let size = 32

    static func present(fileSize: Int) -> Bool { fileSize > size && fileSize % 512 == size }

    /// Hashes the file in chunks, unmapping each chunk afterwards so that verifying a large
    /// snapshot does not leave all of it resident.
    static func check(_ file: MappedFile) -> SnapshotTrailer {
        let bytes = file.bytes
        let dataEnd = bytes.count - size
        var hasher = SHA256()
        let chunk = 8 << 20
        var offset = 0
        while offset < dataEnd {
            let end = min(dataEnd, offset + chunk)
            hasher.update(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
            file.release(offset..<end)
            offset = end
        }
        let actual = hasher.finalize()
        let expected = Array(bytes[dataEnd...])
        return actual == expected ? .verified : .mismatch(expected: hex(expected), actual: hex(actual))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
