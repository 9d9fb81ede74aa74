/// etcd's MVCC state, wherever its records come from (a bbolt file, salvaged pages).
public protocol MVCCStore: RevisionStream {
    /// The store revision etcd would report: the newest main revision written.
    var currentRevision: Int64 { get }
    var compaction: CompactionState { get }
    var description: String { get }
}

extension MVCCStore {
    /// Checks a requested revision (0 = current) the way etcd's Range does and returns the one to use.
    public func resolve(revision: Int64) throws(EtcdOfflineError) -> Int64 {
        if revision <= 0 { return currentRevision }
        if revision < compaction.effectiveRevision {
            throw .compacted(requested: revision, compactRevision: compaction.effectiveRevision)
        }
        if revision > currentRevision { throw .futureRevision(requested: revision, currentRevision: currentRevision) }
        return revision
    }
}
