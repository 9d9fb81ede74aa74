import EtcdModel
import Synchronization

/// The in-process store with etcd semantics. All operations are synchronous and serialised by
/// one lock; they also satisfy `KVStore`'s async requirements, so the engine can hold either
/// this or a real etcd behind the same protocol.
///
/// Leases expire by the configured clock only: before each operation the store revokes leases
/// whose deadline has passed (each in its own revision, earliest first), as etcd's lessor would.
public final class EmbeddedStore: KVStore {
    public struct Configuration: Sendable {
        /// Everything the store would otherwise pick at random (lease ids, member id) derives from it.
        public var seed: UInt64
        public var clock: any StoreClock
        /// etcd raises shorter TTLs to 1.5 × the election timeout, rounded up: 2 s with etcd's defaults.
        public var minimumLeaseTTL: Int64
        /// The member written into the db file's `members` bucket.
        public var memberName: String
        public var peerURL: String
        public var clientURL: String

        public init(seed: UInt64 = 1, clock: any StoreClock = ManualClock(), minimumLeaseTTL: Int64 = 2,
                    memberName: String = "default", peerURL: String = "http://127.0.0.1:2380",
                    clientURL: String = "http://127.0.0.1:2379") {
            self.seed = seed
            self.clock = clock
            self.minimumLeaseTTL = minimumLeaseTTL
            self.memberName = memberName
            self.peerURL = peerURL
            self.clientURL = clientURL
        }

        /// A fixed member id: FNV-1a over the seed and the member's name and peer URL.
        public var memberID: UInt64 {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            func mix(_ b: UInt8) { h ^= UInt64(b); h = h &* 0x0000_0100_0000_01b3 }
            for i in 0..<8 { mix(UInt8(truncatingIfNeeded: seed >> (8 * UInt64(i)))) }
            for b in memberName.utf8 { mix(b) }
            for b in peerURL.utf8 { mix(b) }
            return h == 0 ? 1 : h
        }

        var settings: StoreSettings {
            // Like etcd's lease ids: the member id's low 16 bits on top, a counter below; kept positive.
            let prefix = Int64(memberID & 0x7fff) << 48
            return StoreSettings(minimumLeaseTTL: minimumLeaseTTL, leaseIDPrefix: prefix)
        }
    }

    public let configuration: Configuration
    let state: Mutex<StoreCore>

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        state = Mutex(StoreCore(settings: configuration.settings))
    }

    init(configuration: Configuration, core: sending StoreCore) {
        self.configuration = configuration
        state = Mutex(core)
    }

    /// Runs `body` on the state after expiring due leases.
    private func withCore<R>(_ body: (inout StoreCore) throws(KVStoreError) -> sending R) throws(KVStoreError) -> sending R {
        let now = configuration.clock.nanoseconds()
        return try state.withLock { (core: inout sending StoreCore) throws(KVStoreError) -> sending R in
            _ = core.expireLeases(now: now)
            return try body(&core)
        }
    }

    public func currentRevision() -> Int64 {
        (try? withCore { $0.currentRevision }) ?? 0
    }

    public var compactedRevision: Int64 { state.withLock { $0.compactedRevision } }

    public func range(_ request: KVRangeRequest) throws(KVStoreError) -> KVRangeResult {
        try withCore { core throws(KVStoreError) in try core.range(request) }
    }

    public func txn(_ request: KVTxnRequest) throws(KVStoreError) -> KVTxnResult {
        try withCore { core throws(KVStoreError) in try core.txn(request) }
    }

    public func put(_ request: KVPutRequest) throws(KVStoreError) -> KVPutResult {
        let result = try txn(KVTxnRequest(success: [.put(request)]))
        guard case .put(let put)? = result.results.first else { return KVPutResult(revision: result.revision) }
        return put
    }

    public func put(_ key: [UInt8], _ value: [UInt8], lease: Int64 = 0) throws(KVStoreError) -> Int64 {
        try put(KVPutRequest(key: key, value: value, lease: lease)).revision
    }

    public func delete(_ request: KVDeleteRequest) throws(KVStoreError) -> KVDeleteResult {
        let result = try txn(KVTxnRequest(success: [.delete(request)]))
        guard case .delete(let delete)? = result.results.first else { return KVDeleteResult(revision: result.revision, deleted: 0) }
        return delete
    }

    public func watch(_ request: KVWatchRequest) -> AsyncStream<KVWatchResponse> {
        let (stream, continuation) = AsyncStream.makeStream(of: KVWatchResponse.self)
        let id = try? withCore { core in core.addWatcher(request, continuation) }
        if let id = id ?? nil {
            continuation.onTermination = { [weak self] _ in
                self?.state.withLock { $0.removeWatcher(id) }
            }
        }
        return stream
    }

    public func leaseGrant(ttl: Int64, id: Int64 = 0) throws(KVStoreError) -> KVLease {
        let now = configuration.clock.nanoseconds()
        return try withCore { core throws(KVStoreError) in try core.leaseGrant(ttl: ttl, id: id, now: now) }
    }

    public func leaseRevoke(_ id: Int64) throws(KVStoreError) -> KVRevokeResult {
        try withCore { core throws(KVStoreError) in try core.leaseRevoke(id) }
    }

    public func leaseKeepAlive(_ id: Int64) throws(KVStoreError) -> Int64 {
        let now = configuration.clock.nanoseconds()
        return try withCore { core throws(KVStoreError) in try core.leaseKeepAlive(id, now: now) }
    }

    public func leaseTimeToLive(_ id: Int64) throws(KVStoreError) -> KVLeaseStatus {
        let now = configuration.clock.nanoseconds()
        return try withCore { core throws(KVStoreError) in try core.leaseStatus(id, now: now) }
    }

    /// Revokes the leases that are due by the clock now; returns their ids. Every other operation
    /// does this too, so calling it is only needed to make expiry happen without other traffic.
    @discardableResult
    public func expireLeases() -> [Int64] {
        let now = configuration.clock.nanoseconds()
        return state.withLock { $0.expireLeases(now: now) }
    }

    @discardableResult
    public func compact(_ revision: Int64) throws(KVStoreError) -> Int64 {
        try withCore { core throws(KVStoreError) in try core.compact(revision) }
    }

    /// Number of live keys now.
    public var keyCount: Int {
        state.withLock { core in core.index.records.reduce(0) { $0 + ($1.live == nil ? 0 : 1) } }
    }
}
