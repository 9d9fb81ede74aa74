import EtcdModel

/// A revisioned key-value store with etcd's semantics. `EmbeddedStore` is the in-process
/// implementation the engine writes into; a real etcd behind the client can be another.
///
/// Revisions follow etcd: every transaction that changes something gets one new main revision,
/// and each change inside it a sub-revision (0, 1, ...). Reads never create revisions.
public protocol KVStore: Sendable {
    /// The revision of the last committed change (the header revision etcd reports).
    func currentRevision() async throws -> Int64
    func range(_ request: KVRangeRequest) async throws -> KVRangeResult
    func txn(_ request: KVTxnRequest) async throws -> KVTxnResult
    func put(_ request: KVPutRequest) async throws -> KVPutResult
    func delete(_ request: KVDeleteRequest) async throws -> KVDeleteResult
    /// Events of matching keys from `startRevision` on (0: only future changes), in revision
    /// order. A start below the compaction point yields one canceled response and ends.
    /// Dropping or finishing the stream cancels the watch.
    func watch(_ request: KVWatchRequest) async throws -> AsyncStream<KVWatchResponse>
    /// `id` 0 lets the store choose one.
    func leaseGrant(ttl: Int64, id: Int64) async throws -> KVLease
    /// Deletes every key attached to the lease, all in one revision.
    func leaseRevoke(_ id: Int64) async throws -> KVRevokeResult
    /// Restarts the lease's TTL; returns the TTL.
    func leaseKeepAlive(_ id: Int64) async throws -> Int64
    /// Drops history at and below `revision`, keeping the newest revision of every live key.
    func compact(_ revision: Int64) async throws -> Int64
}
