import Testing
import EtcdModel
@testable import EngineStore

private func b(_ s: String) -> [UInt8] { Array(s.utf8) }

/// Store behaviour that the comparison with etcd does not reach: simulated-clock lease expiry,
/// live watches, range options and error cases.
struct StoreSemanticsTests {
    @Test func leaseExpiresByTheInjectedClockAndDeletesItsKeysInOneRevision() throws {
        let clock = ManualClock()
        let store = EmbeddedStore(configuration: .init(seed: 3, clock: clock))
        let lease = try store.leaseGrant(ttl: 10)
        #expect(lease.ttl == 10)
        _ = try store.put(b("/l/b"), b("1"), lease: lease.id)
        _ = try store.put(b("/l/a"), b("2"), lease: lease.id)
        _ = try store.put(b("/other"), b("3"))
        let before = store.currentRevision()

        clock.advance(seconds: 9.9)
        #expect(store.expireLeases().isEmpty)
        #expect(try store.range(.prefix(b("/l/"))).count == 2)

        clock.advance(seconds: 0.2)
        #expect(store.expireLeases() == [lease.id])
        #expect(store.currentRevision() == before + 1)
        #expect(try store.range(.prefix(b("/l/"))).count == 0)
        #expect(try store.range(KVRangeRequest(key: b("/other"))).count == 1)
        // Both deletions carry the same main revision, in key order (sub 0 = /l/a).
        let history = try store.range(KVRangeRequest(key: b("/l/a"), revision: before))
        #expect(history.kvs.first?.lease == lease.id)
        #expect(throws: KVStoreError.leaseNotFound(lease.id)) { try store.leaseKeepAlive(lease.id) }
    }

    @Test func keepAliveRestartsTheTTLAndShortTTLsAreRaised() throws {
        let clock = ManualClock()
        let store = EmbeddedStore(configuration: .init(clock: clock, minimumLeaseTTL: 2))
        #expect(try store.leaseGrant(ttl: 1).ttl == 2)
        let lease = try store.leaseGrant(ttl: 5)
        _ = try store.put(b("/k"), b("v"), lease: lease.id)
        clock.advance(seconds: 4)
        #expect(try store.leaseKeepAlive(lease.id) == 5)
        clock.advance(seconds: 4)
        #expect(try store.range(KVRangeRequest(key: b("/k"))).count == 1)
        #expect(try store.leaseTimeToLive(lease.id).remainingTTL == 1)
        clock.advance(seconds: 1.5)
        #expect(try store.range(KVRangeRequest(key: b("/k"))).count == 0)
        #expect(throws: KVStoreError.leaseExists(7)) {
            _ = try store.leaseGrant(ttl: 5, id: 7)
            _ = try store.leaseGrant(ttl: 5, id: 7)
        }
        #expect(throws: KVStoreError.leaseNotFound(99)) { try store.put(b("/x"), b("v"), lease: 99) }
    }

    @Test func generatedLeaseIDsDependOnlyOnTheSeed() throws {
        let ids = { (seed: UInt64) throws -> [Int64] in
            let store = EmbeddedStore(configuration: .init(seed: seed))
            return try (0..<3).map { _ in try store.leaseGrant(ttl: 60).id }
        }
        #expect(try ids(5) == ids(5))
        #expect(try ids(5) != ids(6))
        #expect(try ids(5).allSatisfy { $0 > 0 })
    }

    @Test func liveWatchDeliversEventsInRevisionOrder() async throws {
        let store = EmbeddedStore()
        _ = try store.put(b("/w/old"), b("0"))
        let stream = store.watch(KVWatchRequest(key: b("/w/"), rangeEnd: KeyRange.prefixEnd(b("/w/")), prevKV: true))
        _ = try store.put(b("/w/a"), b("1"))
        _ = try store.put(b("/elsewhere"), b("x"))
        _ = try store.txn(KVTxnRequest(success: [.put(KVPutRequest(key: b("/w/a"), value: b("2"))),
                                                 .delete(KVDeleteRequest(key: b("/w/old")))]))
        let last = try store.delete(KVDeleteRequest(key: b("/w/a"))).revision
        var seen: [(Int64, KVEvent)] = []
        for await response in stream {
            seen += response.events.map { (response.revision, $0) }
            if response.revision >= last { break }
        }
        #expect(seen.map { $0.1.kind } == [.put, .put, .delete, .delete])
        #expect(seen.map { $0.1.kv.keyString } == ["/w/a", "/w/a", "/w/old", "/w/a"])
        #expect(seen.map { $0.0 } == [3, 5, 5, 6])
        #expect(seen[1].1.prevKV?.value == b("1"))
        #expect(seen[2].1.prevKV?.value == b("0"))
        #expect(seen[3].1.kv == KeyValue(key: b("/w/a"), modRevision: 6))
    }

    @Test func watchFromAFutureRevisionSkipsEarlierChanges() async throws {
        let store = EmbeddedStore()
        let stream = store.watch(KVWatchRequest(key: b("/f"), startRevision: 4))
        _ = try store.put(b("/f"), b("2"))
        _ = try store.put(b("/f"), b("3"))
        _ = try store.put(b("/f"), b("4"))
        for await response in stream {
            #expect(response.revision == 4)
            #expect(response.events.map(\.kv.value) == [b("4")])
            break
        }
    }

    @Test func watchFromACompactedRevisionIsCanceled() async throws {
        let store = EmbeddedStore()
        for i in 0..<5 { _ = try store.put(b("/c"), b("\(i)")) }
        try store.compact(4)
        var responses: [KVWatchResponse] = []
        for await r in store.watch(KVWatchRequest(key: b("/c"), startRevision: 2)) { responses.append(r) }
        #expect(responses == [KVWatchResponse(revision: 6, compactRevision: 4, canceled: true)])
        // From the compaction point itself the watch works and replays what is left.
        for await r in store.watch(KVWatchRequest(key: b("/c"), startRevision: 4)) {
            #expect(r.revision == 4)
            #expect(r.events.first?.kv.value == b("2"))
            break
        }
    }

    @Test func rangeOptionsAndErrors() throws {
        let store = EmbeddedStore()
        for name in ["c", "a", "e", "b", "d"] { _ = try store.put(b("/r/" + name), b("v-" + name)) }
        let limited = try store.range(.prefix(b("/r/"), limit: 2))
        #expect(limited.kvs.map(\.keyString) == ["/r/a", "/r/b"])
        #expect(limited.count == 5 && limited.more)
        let keysOnly = try store.range(.prefix(b("/r/"), keysOnly: true))
        #expect(keysOnly.kvs.allSatisfy { $0.value.isEmpty } && keysOnly.kvs.count == 5)
        let countOnly = try store.range(.prefix(b("/r/"), countOnly: true))
        #expect(countOnly.kvs.isEmpty && countOnly.count == 5 && !countOnly.more)
        let fromKey = try store.range(KVRangeRequest(key: b("/r/d"), rangeEnd: [0]))
        #expect(fromKey.kvs.map(\.keyString) == ["/r/d", "/r/e"])
        let all = try store.range(KVRangeRequest(key: [0], rangeEnd: [0]))
        #expect(all.count == 5)
        #expect(throws: KVStoreError.futureRevision(requested: 99, current: 6)) { try store.range(KVRangeRequest(key: b("/r/a"), revision: 99)) }
        #expect(throws: KVStoreError.emptyKey) { try store.put(KVPutRequest(key: [], value: b("v"))) }
        #expect(KeyRange.prefixEnd([0x61, 0xff]) == [0x62])
        #expect(KeyRange.prefixEnd([0xff]) == [0])
    }

    @Test func txnReadsSeeEarlierWritesOfTheSameTxn() throws {
        let store = EmbeddedStore()
        let result = try store.txn(KVTxnRequest(success: [
            .put(KVPutRequest(key: b("/t"), value: b("new"))),
            .range(KVRangeRequest(key: b("/t"))),
        ]))
        guard case .range(let read)? = result.results.last else { Issue.record("no range result"); return }
        #expect(read.kvs.first?.value == b("new"))
        #expect(result.revision == 2)
        let kept = try store.put(KVPutRequest(key: b("/t"), value: [], ignoreValue: true))
        #expect(kept.revision == 3)
        #expect(try store.range(KVRangeRequest(key: b("/t"))).kvs.first?.value == b("new"))
        #expect(throws: KVStoreError.keyNotFound) { try store.put(KVPutRequest(key: b("/none"), value: [], ignoreValue: true)) }
        #expect(throws: KVStoreError.duplicateKeyInTxn) {
            try store.txn(KVTxnRequest(success: [.delete(KVDeleteRequest(key: b("/t/"), rangeEnd: b("/t0"))),
                                                 .put(KVPutRequest(key: b("/t/x"), value: b("1")))]))
        }
    }

    @Test func compactionKeepsTheNewestRevisionOfLiveKeysOnly() throws {
        let store = EmbeddedStore()
        _ = try store.put(b("/k1"), b("a")) // 2
        _ = try store.put(b("/k1"), b("b")) // 3
        _ = try store.put(b("/k2"), b("x")) // 4
        _ = try store.delete(KVDeleteRequest(key: b("/k2"))) // 5
        _ = try store.put(b("/k1"), b("c")) // 6
        try store.compact(5)
        #expect(throws: KVStoreError.compacted(compactRevision: 5)) { try store.range(KVRangeRequest(key: b("/k1"), revision: 4)) }
        #expect(try store.range(KVRangeRequest(key: b("/k1"), revision: 5)).kvs.first?.value == b("b"))
        #expect(try store.range(.prefix(b("/k"), revision: 5)).count == 1)
        #expect(throws: KVStoreError.compacted(compactRevision: 5)) { try store.compact(5) }
        #expect(throws: KVStoreError.futureRevision(requested: 7, current: 6)) { try store.compact(7) }
        // The dropped key is gone from the index entirely, and can come back.
        #expect(store.state.withLock { $0.index.count } == 1)
        #expect(try store.put(b("/k2"), b("y")) == 7)
        #expect(try store.range(KVRangeRequest(key: b("/k2"))).kvs.first?.version == 1)
        // What remains in history: /k1@3 (newest at or below 5), /k1@6, /k2@7.
        #expect(store.state.withLock { $0.log.map(\.main) } == [3, 6, 7])
    }
}
