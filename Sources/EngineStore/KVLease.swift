public struct KVLease: Sendable, Equatable {
    public var id: Int64
    /// Seconds, after raising to the store's minimum.
    public var ttl: Int64
    public var revision: Int64

    public init(id: Int64, ttl: Int64, revision: Int64) {
        self.id = id
        self.ttl = ttl
        self.revision = revision
    }
}

public struct KVRevokeResult: Sendable, Equatable {
    public var revision: Int64
    /// Keys the revocation deleted.
    public var deletedKeys: Int64

    public init(revision: Int64, deletedKeys: Int64) {
        self.revision = revision
        self.deletedKeys = deletedKeys
    }
}

/// What a lease looks like now (etcd's LeaseTimeToLive).
public struct KVLeaseStatus: Sendable, Equatable {
    public var id: Int64
    public var grantedTTL: Int64
    /// Whole seconds left, rounded up as etcd does.
    public var remainingTTL: Int64
    public var keys: [[UInt8]]
}
