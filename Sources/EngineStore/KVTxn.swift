import EtcdModel

/// One guard of a transaction; a missing key compares as version, create, mod and lease 0, and
/// a value comparison on a missing key is false (etcd's rules).
public struct KVCompare: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        case version(Int64)
        case createRevision(Int64)
        case modRevision(Int64)
        case value([UInt8])
        case lease(Int64)
    }
    public enum Result: Sendable, Equatable { case equal, notEqual, less, greater }

    public var key: [UInt8]
    /// Empty: `key` only; otherwise every key in [key, rangeEnd) must satisfy the compare.
    public var rangeEnd: [UInt8]
    public var target: Target
    public var result: Result

    public init(key: [UInt8], _ result: Result, _ target: Target, rangeEnd: [UInt8] = []) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.target = target
        self.result = result
    }
}

public struct KVPutRequest: Sendable, Equatable {
    public var key: [UInt8]
    public var value: [UInt8]
    public var lease: Int64
    public var prevKV: Bool
    /// Keep the current value (the key must exist).
    public var ignoreValue: Bool
    /// Keep the current lease.
    public var ignoreLease: Bool

    public init(key: [UInt8], value: [UInt8], lease: Int64 = 0, prevKV: Bool = false, ignoreValue: Bool = false,
                ignoreLease: Bool = false) {
        self.key = key
        self.value = value
        self.lease = lease
        self.prevKV = prevKV
        self.ignoreValue = ignoreValue
        self.ignoreLease = ignoreLease
    }
}

public struct KVDeleteRequest: Sendable, Equatable {
    public var key: [UInt8]
    public var rangeEnd: [UInt8]
    public var prevKV: Bool

    public init(key: [UInt8], rangeEnd: [UInt8] = [], prevKV: Bool = false) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.prevKV = prevKV
    }
}

public enum KVOp: Sendable, Equatable {
    case range(KVRangeRequest)
    case put(KVPutRequest)
    case delete(KVDeleteRequest)
}

public struct KVTxnRequest: Sendable, Equatable {
    public var compares: [KVCompare]
    public var success: [KVOp]
    public var failure: [KVOp]

    public init(compares: [KVCompare] = [], success: [KVOp] = [], failure: [KVOp] = []) {
        self.compares = compares
        self.success = success
        self.failure = failure
    }
}

public struct KVPutResult: Sendable, Equatable {
    public var revision: Int64
    public var prevKV: KeyValue?
    public init(revision: Int64, prevKV: KeyValue? = nil) {
        self.revision = revision
        self.prevKV = prevKV
    }
}

public struct KVDeleteResult: Sendable, Equatable {
    public var revision: Int64
    public var deleted: Int64
    public var prevKVs: [KeyValue]
    public init(revision: Int64, deleted: Int64, prevKVs: [KeyValue] = []) {
        self.revision = revision
        self.deleted = deleted
        self.prevKVs = prevKVs
    }
}

public enum KVOpResult: Sendable, Equatable {
    case range(KVRangeResult)
    case put(KVPutResult)
    case delete(KVDeleteResult)
}

public struct KVTxnResult: Sendable, Equatable {
    /// The store's revision after the txn (new only if it changed something).
    public var revision: Int64
    public var succeeded: Bool
    public var results: [KVOpResult]
    public init(revision: Int64, succeeded: Bool, results: [KVOpResult]) {
        self.revision = revision
        self.succeeded = succeeded
        self.results = results
    }
}
