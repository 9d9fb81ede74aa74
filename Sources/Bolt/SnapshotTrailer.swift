/// The 32-byte SHA-256 that `etcdctl snapshot save` appends to the bbolt image. etcd detects it
/// by `size % 512 == 32`; a data dir's `db` never has one.
public enum SnapshotTrailer: Sendable, Equatable {
    case absent
    case notChecked
    case verified
    case mismatch(expected: String, actual: String)

    static let size = 32

    static func present(fileSize: Int) -> Bool { fileSize > size && fileSize % 512 == size }

    static func check(_ bytes: UnsafeRawBufferPointer) -> SnapshotTrailer {
        let dataEnd = bytes.count - size
        let actual = SHA256.hash(UnsafeRawBufferPointer(rebasing: bytes[0..<dataEnd]))
        let expected = Array(bytes[dataEnd...])
        return actual == expected ? .verified : .mismatch(expected: hex(expected), actual: hex(actual))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
