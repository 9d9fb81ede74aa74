import EtcdModel

public struct KVWatchRequest: Sendable, Equatable {
    public var key: [UInt8]
    public var rangeEnd: [UInt8]
    /// 0: from the next revision on.
    public var startRevision: Int64
    public var prevKV: Bool
    public var filterPuts: Bool
    public var filterDeletes: Bool

    public init(key: [UInt8], rangeEnd: [UInt8] = [], startRevision: Int64 = 0, prevKV: Bool = false,
                filterPuts: Bool = false, filterDeletes: Bool = false) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.startRevision = startRevision
        self.prevKV = prevKV
        self.filterPuts = filterPuts
        self.filterDeletes = filterDeletes
    }
}

public struct KVEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case put, delete }
    public var kind: Kind
    /// For a delete, only `key` and `modRevision` are set (as etcd sends it).
    public var kv: KeyValue
    public var prevKV: KeyValue?

    public init(kind: Kind, kv: KeyValue, prevKV: KeyValue? = nil) {
        self.kind = kind
        self.kv = kv
        self.prevKV = prevKV
    }
}

/// The embedded store sends one response per revision that has matching events.
public struct KVWatchResponse: Sendable, Equatable {
    public var revision: Int64
    public var events: [KVEvent]
    /// Set with `canceled` when the start revision was compacted.
    public var compactRevision: Int64
    public var canceled: Bool

    public init(revision: Int64, events: [KVEvent] = [], compactRevision: Int64 = 0, canceled: Bool = false) {
        self.revision = revision
        self.events = events
        self.compactRevision = compactRevision
        self.canceled = canceled
    }
}
