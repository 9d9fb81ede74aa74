import EngineAPI
import EngineControllers
import EngineKit
import EngineStore
import EtcdModel
import GoJSON

/// kube-apiserver's own periodic writes while it runs: the masterleases key every 10 s, the
/// identity Lease renewal every 10 s, and the compactor every 5 minutes (compact_rev_key,
/// then an etcd compaction at the revision of the previous cycle). All are periodic timers:
/// they never keep the cluster from counting as settled.
final class APIServerLoops: Controller {
    let name = "kube-apiserver"
    let writes: ControlPlaneWrites
    private var nextLeaseRenewal: Int64 = 0
    private var nextCompaction: Int64 = 0
    private var compactVersion: Int64 = 0
    private var compactRevision: Int64 = 0
    static let renewInterval: Int64 = 10_000_000_000
    static let compactionInterval: Int64 = 300_000_000_000

    init(writes: ControlPlaneWrites) { self.writes = writes }

    func start(_ api: APIServer) async throws {
        nextLeaseRenewal = api.clock.unixNanoseconds + Self.renewInterval
        nextCompaction = api.clock.unixNanoseconds + Self.compactionInterval
    }

    func step(_ api: APIServer) async throws -> Bool {
        let now = api.clock.unixNanoseconds
        var did = false
        if now >= nextLeaseRenewal {
            try await writes.writeMasterLease()
            try await renewIdentityLease(api)
            nextLeaseRenewal = now + Self.renewInterval
            did = true
        }
        if now >= nextCompaction {
            try await compact(api)
            nextCompaction = now + Self.compactionInterval
            did = true
        }
        return did
    }

    func nextWakeup() -> Int64? { min(nextLeaseRenewal, nextCompaction) }

    private func renewIdentityLease(_ api: APIServer) async throws {
        let lease = try api.resource(apiVersion: "coordination.k8s.io/v1", kind: "Lease")
        var current = try await api.get(lease, namespace: "kube-system", name: writes.identityLeaseName)
        current.set(.string(api.clock.microTimestamp()), at: "spec", "renewTime")
        try await api.update(current, manager: ControlPlaneWrites.manager)
    }

    /// The apiserver compactor's transaction: put compact_rev_key only if its version is still the
    /// one this apiserver last saw, then compact at the revision of the previous cycle.
    private func compact(_ api: APIServer) async throws {
        let key = Array("compact_rev_key".utf8)
        let txn = KVTxnRequest(compares: [KVCompare(key: key, .equal, .version(compactVersion))],
                               success: [.put(KVPutRequest(key: key, value: Array(String(compactRevision).utf8)))],
                               failure: [.range(KVRangeRequest(key: key))])
        let result = try await api.store.txn(txn)
        guard result.succeeded else {
            if case .range(let r)? = result.results.first, let kv = r.kvs.first { compactVersion = kv.version }
            return
        }
        compactVersion += 1
        if compactRevision > 0 { _ = try await api.store.compact(compactRevision) }
        compactRevision = result.revision
    }
}
