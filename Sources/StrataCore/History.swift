import EtcdModel

/// One revision of one key, from whichever source can list them. A deletion has an empty value
/// and its own `modRevision`.
public struct KeyValueRevision: Sendable, Equatable {
    public var kv: KeyValue
    public var modRevision: Int64
    /// The index of the change inside its transaction (0 for a plain put; offline sources only,
    /// a live etcd does not expose it).
    public var subRevision: Int64
    public var isDeletion: Bool

    public init(kv: KeyValue, modRevision: Int64, subRevision: Int64 = 0, isDeletion: Bool) {
        self.kv = kv
        self.modRevision = modRevision
        self.subRevision = subRevision
        self.isDeletion = isDeletion
    }
}

/// A source that can list every stored revision of a key. Offline sources read them directly;
/// a live etcd can follow mod revisions backwards with ranges at older revisions (not done yet).
public protocol HistorySource: KeyValueSource {
    /// Oldest first, across deletions and re-creations, back to the compaction revision.
    func history(key: [UInt8]) async throws -> [KeyValueRevision]
}
