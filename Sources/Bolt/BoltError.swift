/// Everything that can be wrong with a bbolt file. Page problems always name the page, so an
/// operator can tell a damaged tree from a damaged meta page.
public enum BoltError: Error, CustomStringConvertible, Equatable, Sendable {
    case cannotOpen(path: String, reason: String)
    case notADatabase(path: String, reason: String)
    case noValidMeta(reason: String)
    case truncated(fileBytes: Int, neededBytes: Int)
    case snapshotChecksumMismatch(expected: String, actual: String)
    case corruptPage(pgid: UInt64, reason: String)
    case bucketNotFound(name: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "cannot open \(path): \(reason)"
        case let .notADatabase(path, reason):
            return "\(path) is not a bbolt database: \(reason)"
        case let .noValidMeta(reason):
            return "no valid meta page: \(reason)"
        case let .truncated(fileBytes, neededBytes):
            return "file is truncated: it holds \(fileBytes) bytes but its meta page needs \(neededBytes)"
        case let .snapshotChecksumMismatch(expected, actual):
            return "snapshot SHA-256 trailer does not match the data (trailer \(expected), data \(actual)): the file is damaged"
        case let .corruptPage(pgid, reason):
            return "page \(pgid) is damaged: \(reason)"
        case let .bucketNotFound(name):
            return "bucket \"\(name)\" not found"
        }
    }
}
