import Foundation
import Testing
import EtcdClient
import EtcdModel
import EtcdTestSupport
@testable import EngineStore
import EngineStoreEtcd

/// The same code, written against `KVStore` only, run on the embedded store and on a real etcd
/// through `EtcdBackedStore`, must see the same results.
@Suite(.serialized)
struct EtcdBackedStoreTests {
    private func b(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// A workload that only knows the protocol; returns what it observed, revisions included.
    private func exercise(_ store: some KVStore) async throws -> [String] {
        var seen: [String] = []
        let start = try await store.currentRevision()
        seen.append("start \(start)")
        for i in 0..<5 {
            let put = try await store.put(KVPutRequest(key: b("/p/k\(i)"), value: b("v\(i)")))
            seen.append("put \(put.revision)")
        }
        let create = try await store.txn(KVTxnRequest(
            compares: [KVCompare(key: b("/p/k1"), .equal, .modRevision(start + 2))],
            success: [.put(KVPutRequest(key: b("/p/k1"), value: b("updated"), prevKV: true)),
                      .delete(KVDeleteRequest(key: b("/p/k2"), prevKV: true))],
            failure: [.range(KVRangeRequest(key: b("/p/k1")))]))
        seen.append("txn \(create.revision) \(create.succeeded) \(create.results.count)")
        if case .put(let p)? = create.results.first { seen.append("prev \(p.prevKV?.value ?? [])") }
        let stale = try await store.txn(KVTxnRequest(
            compares: [KVCompare(key: b("/p/k1"), .equal, .modRevision(start + 2))],
            success: [.put(KVPutRequest(key: b("/p/k1"), value: b("lost")))],
            failure: [.range(KVRangeRequest(key: b("/p/k1")))]))
        if case .range(let r)? = stale.results.first { seen.append("stale \(stale.succeeded) \(r.kvs.map(\.version))") }
        let page = try await store.range(.prefix(b("/p/"), limit: 2))
        seen.append("page \(page.kvs.map(\.keyString)) \(page.count) \(page.more)")
        let old = try await store.range(.prefix(b("/p/"), revision: start + 3))
        seen.append("old \(old.kvs.map { "\($0.keyString)@\($0.modRevision)" })")
        let deleted = try await store.delete(KVDeleteRequest(key: b("/p/"), rangeEnd: KeyRange.prefixEnd(b("/p/"))))
        seen.append("deleted \(deleted.deleted) at \(deleted.revision)")
        let lease = try await store.leaseGrant(ttl: 300, id: 0)
        let leased = try await store.put(KVPutRequest(key: b("/p/leased"), value: b("x"), lease: lease.id))
        let read = try await store.range(KVRangeRequest(key: b("/p/leased")))
        seen.append("leased \(leased.revision) \(read.kvs.first?.lease == lease.id)")

        let watch = try await store.watch(KVWatchRequest(key: b("/p/"), rangeEnd: KeyRange.prefixEnd(b("/p/")),
                                                         startRevision: start + 1, prevKV: true))
        let head = try await store.currentRevision()
        var events: [String] = []
        for await response in watch {
            events += response.events.map { "\($0.kind) \($0.kv.keyString)@\($0.kv.modRevision) prev=\($0.prevKV?.modRevision ?? 0)" }
            if response.revision >= head || response.events.last.map({ $0.kv.modRevision >= head }) == true { break }
        }
        seen += events

        _ = try await store.compact(head - 2)
        do {
            _ = try await store.range(KVRangeRequest(key: b("/p/k1"), revision: head - 3))
            seen.append("compacted read succeeded")
        } catch let error as KVStoreError {
            if case .compacted = error { seen.append("compacted") } else { seen.append("error \(error)") }
        }
        return seen
    }

    @Test func embeddedAndEtcdBackedStoresAgree() async throws {
        let etcd = try EtcdProcess.start()
        defer { etcd.stop() }
        let client = try EtcdClient(config: EtcdClientConfig(endpoints: [etcd.endpoint]))
        let real = try await exercise(EtcdBackedStore(client: client))
        await client.close()
        let embedded = try await exercise(EmbeddedStore())
        #expect(real.count > 15)
        #expect(real == embedded)
    }
}
