import EngineStore
import EtcdClient
import EtcdModel

/// `KVStore` on a real etcd through `EtcdClient`, so the engine can write into a live cluster
/// with the same code it uses for the embedded store. Revisions, versions and errors are etcd's.
///
/// Not available until `EtcdClient` offers the RPCs: lease revoke and keep-alive, and granting a
/// lease with a chosen id; those calls throw `KVStoreError.backend`.
public final class EtcdBackedStore: KVStore {
    public let client: EtcdClient

    public init(client: EtcdClient) {
        self.client = client
    }

    public func currentRevision() async throws -> Int64 {
        try await mapErrors { try await client.range(RangeRequest(key: [0], limit: 1, countOnly: true)).header.revision }
    }

    public func range(_ request: KVRangeRequest) async throws -> KVRangeResult {
        try await mapErrors { Self.rangeResult(try await client.range(Self.rangeRequest(request))) }
    }

    public func txn(_ request: KVTxnRequest) async throws -> KVTxnResult {
        let wire = TxnRequest(compare: request.compares.map(Self.compare), success: request.success.map(Self.op),
                              failure: request.failure.map(Self.op))
        let response = try await mapErrors { try await client.txn(wire) }
        let results: [KVOpResult] = response.responses.compactMap { op in
            switch op {
            case .range(let r): .range(Self.rangeResult(r))
            case .put(let p): .put(KVPutResult(revision: p.header.revision, prevKV: p.prevKV))
            case .deleteRange(let d): .delete(KVDeleteResult(revision: d.header.revision, deleted: d.deleted, prevKVs: d.prevKVs))
            case .txn: nil
            }
        }
        return KVTxnResult(revision: response.header.revision, succeeded: response.succeeded, results: results)
    }

    public func put(_ request: KVPutRequest) async throws -> KVPutResult {
        let response = try await mapErrors { try await client.put(Self.putRequest(request)) }
        return KVPutResult(revision: response.header.revision, prevKV: response.prevKV)
    }

    public func delete(_ request: KVDeleteRequest) async throws -> KVDeleteResult {
        let response = try await mapErrors {
            try await client.deleteRange(DeleteRangeRequest(key: request.key, rangeEnd: request.rangeEnd, prevKV: request.prevKV))
        }
        return KVDeleteResult(revision: response.header.revision, deleted: response.deleted, prevKVs: response.prevKVs)
    }

    public func watch(_ request: KVWatchRequest) async throws -> AsyncStream<KVWatchResponse> {
        var filters: [WatchCreateRequest.Filter] = []
        if request.filterPuts { filters.append(.noPut) }
        if request.filterDeletes { filters.append(.noDelete) }
        let upstream = client.watch(WatchCreateRequest(key: request.key, rangeEnd: request.rangeEnd,
                                                       startRevision: request.startRevision, filters: filters,
                                                       prevKV: request.prevKV))
        let (stream, continuation) = AsyncStream.makeStream(of: KVWatchResponse.self)
        let task = Task {
            do {
                for try await response in upstream {
                    if response.canceled {
                        continuation.yield(KVWatchResponse(revision: response.header.revision,
                                                           compactRevision: response.compactRevision, canceled: true))
                        break
                    }
                    guard !response.events.isEmpty else { continue }
                    let events = response.events.map { e in
                        KVEvent(kind: e.type == .delete ? .delete : .put, kv: e.kv, prevKV: e.prevKV)
                    }
                    continuation.yield(KVWatchResponse(revision: response.header.revision, events: events))
                }
            } catch let error as EtcdError where error.kind == .compacted {
                continuation.yield(KVWatchResponse(revision: 0, canceled: true))
            } catch {}
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    public func leaseGrant(ttl: Int64, id: Int64) async throws -> KVLease {
        guard id == 0 else { throw KVStoreError.backend("EtcdClient cannot grant a lease with a chosen id yet") }
        let response = try await mapErrors { try await client.leaseGrant(ttl: ttl) }
        if !response.error.isEmpty { throw KVStoreError.backend(response.error) }
        return KVLease(id: response.id, ttl: response.ttl, revision: response.header.revision)
    }

    public func leaseRevoke(_ id: Int64) async throws -> KVRevokeResult {
        throw KVStoreError.backend("EtcdClient has no LeaseRevoke call yet")
    }

    public func leaseKeepAlive(_ id: Int64) async throws -> Int64 {
        throw KVStoreError.backend("EtcdClient has no LeaseKeepAlive call yet")
    }

    public func compact(_ revision: Int64) async throws -> Int64 {
        try await mapErrors { try await client.compact(revision: revision, physical: true) }
        return try await currentRevision()
    }

    // MARK: - mapping

    static func rangeRequest(_ r: KVRangeRequest) -> RangeRequest {
        RangeRequest(key: r.key, rangeEnd: r.rangeEnd, limit: r.limit, revision: r.revision, keysOnly: r.keysOnly,
                     countOnly: r.countOnly)
    }

    static func rangeResult(_ r: RangeResponse) -> KVRangeResult {
        KVRangeResult(revision: r.header.revision, kvs: r.kvs, more: r.more, count: r.count)
    }

    static func putRequest(_ p: KVPutRequest) -> PutRequest {
        PutRequest(key: p.key, value: p.value, lease: p.lease, prevKV: p.prevKV, ignoreValue: p.ignoreValue,
                   ignoreLease: p.ignoreLease)
    }

    static func compare(_ c: KVCompare) -> Compare {
        let result: Compare.Result = switch c.result {
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .greater: .greater
        }
        let value: Compare.TargetValue = switch c.target {
        case .version(let v): .version(v)
        case .createRevision(let v): .createRevision(v)
        case .modRevision(let v): .modRevision(v)
        case .value(let v): .value(v)
        case .lease(let v): .lease(v)
        }
        return Compare(key: c.key, result, value, rangeEnd: c.rangeEnd)
    }

    static func op(_ o: KVOp) -> RequestOp {
        switch o {
        case .range(let r): .range(rangeRequest(r))
        case .put(let p): .put(putRequest(p))
        case .delete(let d): .deleteRange(DeleteRangeRequest(key: d.key, rangeEnd: d.rangeEnd, prevKV: d.prevKV))
        }
    }

    /// Turns etcd's errors into the store's, by etcd's messages.
    private func mapErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as EtcdError {
            let m = error.message
            if error.kind == .compacted || m.contains("required revision has been compacted") {
                throw KVStoreError.compacted(compactRevision: 0)
            }
            if m.contains("future revision") { throw KVStoreError.futureRevision(requested: 0, current: 0) }
            if m.contains("requested lease not found") { throw KVStoreError.leaseNotFound(0) }
            if m.contains("duplicate key given in txn request") { throw KVStoreError.duplicateKeyInTxn }
            if m.contains("key not found") { throw KVStoreError.keyNotFound }
            throw KVStoreError.backend(m)
        }
    }
}
