import EtcdModel

/// The store's whole state. It is a plain value guarded by `EmbeddedStore`'s lock, so none of its
/// methods synchronise; they all run with the lock held.
struct StoreCore {
    var index = KeyIndex()
    /// Every stored revision in revision order, for watch replay and the db file's `key` bucket.
    var log: [LogEntry] = []
    /// etcd starts at revision 1; the first change is revision 2.
    var currentRevision: Int64 = 1
    /// 0 until the first compaction.
    var compactedRevision: Int64 = 0
    var leases: [Int64: LeaseRecord] = [:]
    /// The earliest lease deadline, so most operations check expiry with one comparison.
    var nextLeaseDeadline: Int64 = .max
    var leaseSerial: Int64 = 0
    var watchers: [Int: Watcher] = [:]
    var nextWatcherID = 0
    /// Stands in for etcd's raft applied index (`consistent_index`): one per applied request.
    var appliedIndex: UInt64 = 0
    let settings: StoreSettings

    init(settings: StoreSettings) {
        self.settings = settings
    }

    /// Checks a read revision against the compaction point and the head.
    func checkReadable(_ revision: Int64) throws(KVStoreError) {
        if revision > currentRevision { throw .futureRevision(requested: revision, current: currentRevision) }
        if revision > 0 && revision < compactedRevision { throw .compacted(compactRevision: compactedRevision) }
    }
}

/// The parts of the configuration the core needs.
struct StoreSettings: Sendable {
    var minimumLeaseTTL: Int64
    /// High bits of generated lease ids, derived from the seed.
    var leaseIDPrefix: Int64
}
