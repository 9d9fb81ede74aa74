/// Why a database could not be written.
public enum BoltWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyKey(bucket: String)
    case keyTooLarge(bucket: String, size: Int)
    case keysOutOfOrder(bucket: String)
    case duplicateBucket(String)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case let .emptyKey(bucket): return "bucket \(bucket): empty keys are not allowed in bbolt"
        case let .keyTooLarge(bucket, size): return "bucket \(bucket): key of \(size) bytes exceeds bbolt's 32768"
        case let .keysOutOfOrder(bucket): return "bucket \(bucket): keys must be appended in increasing byte order"
        case let .duplicateBucket(name): return "bucket \(name) given twice"
        case let .io(path, reason): return "cannot write \(path): \(reason)"
        }
    }
}
