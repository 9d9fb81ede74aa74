/// Errors about etcd's data inside a readable bbolt file.
public enum EtcdOfflineError: Error, CustomStringConvertible, Equatable, Sendable {
    case missingBucket(String)
    case badRevisionKey(pgid: UInt64, keyBytes: Int)
    case badKeyValue(revision: String, reason: String)
    case compacted(requested: Int64, compactRevision: Int64)
    case futureRevision(requested: Int64, currentRevision: Int64)
    case badMetaValue(key: String)

    public var description: String {
        switch self {
        case let .missingBucket(name):
            return "not an etcd database: bucket \"\(name)\" is missing"
        case let .badRevisionKey(pgid, n):
            return "page \(pgid) is damaged: a \(n)-byte key in bucket \"key\" is not a revision"
        case let .badKeyValue(revision, reason):
            return "the value at revision \(revision) is not an mvccpb.KeyValue: \(reason)"
        case let .compacted(requested, compact):
            return "required revision \(requested) has been compacted (compaction revision \(compact))"
        case let .futureRevision(requested, current):
            return "required revision \(requested) is a future revision (current revision \(current))"
        case let .badMetaValue(key):
            return "meta bucket value \"\(key)\" has an unexpected size"
        }
    }
}
