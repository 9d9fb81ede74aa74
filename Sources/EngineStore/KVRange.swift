import EtcdModel

/// A read of one key or of the keys in [key, rangeEnd).
public struct KVRangeRequest: Sendable, Equatable {
    public var key: [UInt8]
    /// Empty: only `key`. `[0]`: every key from `key` on (with key `[0]`: every key).
    public var rangeEnd: [UInt8]
    /// 0: the current revision.
    public var revision: Int64
    /// 0: no limit.
    public var limit: Int64
    public var keysOnly: Bool
    public var countOnly: Bool

    public init(key: [UInt8], rangeEnd: [UInt8] = [], revision: Int64 = 0, limit: Int64 = 0,
                keysOnly: Bool = false, countOnly: Bool = false) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.revision = revision
        self.limit = limit
        self.keysOnly = keysOnly
        self.countOnly = countOnly
    }

    /// Every key that starts with `prefix`.
    public static func prefix(_ prefix: [UInt8], revision: Int64 = 0, limit: Int64 = 0, keysOnly: Bool = false,
                              countOnly: Bool = false) -> KVRangeRequest {
        KVRangeRequest(key: prefix, rangeEnd: KeyRange.prefixEnd(prefix), revision: revision, limit: limit,
                       keysOnly: keysOnly, countOnly: countOnly)
    }
}

public struct KVRangeResult: Sendable, Equatable {
    /// The store's current revision (not the revision read at), as etcd reports it.
    public var revision: Int64
    public var kvs: [KeyValue]
    /// True when `limit` cut the result short.
    public var more: Bool
    /// Matching keys, regardless of `limit`.
    public var count: Int64

    public init(revision: Int64, kvs: [KeyValue] = [], more: Bool = false, count: Int64 = 0) {
        self.revision = revision
        self.kvs = kvs
        self.more = more
        self.count = count
    }
}
