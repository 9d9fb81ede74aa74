/// etcd's errors, with etcd's own messages so callers and tests can compare them.
public enum KVStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The requested revision is below the compaction point.
    case compacted(compactRevision: Int64)
    case futureRevision(requested: Int64, current: Int64)
    case emptyKey
    case leaseNotFound(Int64)
    case leaseExists(Int64)
    case leaseTTLTooLarge(Int64)
    case duplicateKeyInTxn
    case keyNotFound
    /// Failures of a backing server (e.g. a real etcd) that have no closer case.
    case backend(String)

    public var description: String {
        switch self {
        case .compacted: return "mvcc: required revision has been compacted"
        case .futureRevision: return "mvcc: required revision is a future revision"
        case .emptyKey: return "etcdserver: key is not provided"
        case .leaseNotFound: return "etcdserver: requested lease not found"
        case .leaseExists: return "etcdserver: lease already exists"
        case .leaseTTLTooLarge: return "etcdserver: too large lease TTL"
        case .duplicateKeyInTxn: return "etcdserver: duplicate key given in txn request"
        case .keyNotFound: return "etcdserver: key not found"
        case let .backend(message): return message
        }
    }
}
