import Foundation
import Testing
@testable import EngineStore
import EtcdModel
import EtcdTestSupport

/// The embedded store and a real etcd 3.4 run one scripted sequence; revisions, versions,
/// values, txn outcomes, errors, history at every revision and watch events must all agree.
@Suite(.serialized)
struct EtcdComparisonTests {
    typealias C = ScriptStep.Compare

    static let script: [ScriptStep] = [
        .put("/cmp/a", "a1"),
        .put("/cmp/b", "b1"),
        .put("/cmp/a", "a2"),
        // Compare on mod revision succeeds: two writes in one revision (subs 0 and 1).
        .txn([C(target: "mod", key: "/cmp/a", op: "=", operand: "4")],
             success: [.put("/cmp/c", "c1"), .delete("/cmp/b")], failure: [.put("/cmp/x", "wrong")]),
        // Version compare fails: the failure branch runs.
        .txn([C(target: "version", key: "/cmp/a", op: "=", operand: "5")],
             success: [.put("/cmp/x", "wrong")], failure: [.put("/cmp/x", "f1")]),
        // Create-if-absent on a missing key.
        .txn([C(target: "create", key: "/cmp/zz", op: "=", operand: "0")], success: [.put("/cmp/zz", "z1")], failure: []),
        // Create-if-absent again: now it fails, and a read-only failure branch makes no revision.
        .txn([C(target: "version", key: "/cmp/zz", op: "=", operand: "0")], success: [.put("/cmp/zz", "z2")], failure: [.get("/cmp/zz")]),
        .txn([C(target: "value", key: "/cmp/a", op: "=", operand: "a2")], success: [.put("/cmp/a", "a3")], failure: []),
        // A value compare on a missing key is false even with !=.
        .txn([C(target: "value", key: "/cmp/missing", op: "!=", operand: "q")], success: [.put("/cmp/x", "wrong")], failure: []),
        .txn([C(target: "mod", key: "/cmp/a", op: ">", operand: "1"), C(target: "version", key: "/cmp/a", op: "<", operand: "10")],
             success: [.delete("/cmp/c"), .put("/cmp/d", "d1")], failure: []),
        .txn([C(target: "create", key: "/cmp/a", op: "<", operand: "2")], success: [.put("/cmp/x", "wrong")], failure: [.put("/cmp/y", "y1")]),
        // Delete and recreate: the version starts again at 1 with a new create revision.
        .delete("/cmp/a"),
        .delete("/cmp/a"),
        .put("/cmp/a", "a4"),
        // Duplicate keys in one branch are refused.
        .txn([], success: [.put("/cmp/dup", "1"), .put("/cmp/dup", "2")], failure: []),
        .grant(slot: 1, ttl: 600),
        .put("/cmp/l1", "with-lease", leaseSlot: 1),
        .put("/cmp/l2", "with-lease", leaseSlot: 1),
        .put("/cmp/l3", "with-lease", leaseSlot: 1),
        // A plain put detaches the key from its lease.
        .put("/cmp/l2", "no-lease"),
        .revoke(slot: 1),
        .revoke(slot: 1),
        .grant(slot: 2, ttl: 600),
        .revoke(slot: 2),
        .delete("/cmp/x", prefix: true),
        .put("/cmp/e", "e1"),
        .put("/cmp/e", "e2"),
        .compact(back: 5),
        .compact(back: 6),
        .put("/cmp/after", "compaction"),
        .delete("/cmp/d"),
        .compact(back: 0),
        .put("/cmp/last", "1"),
    ]

    @Test func sameOutcomesHistoryAndEventsAsEtcd() async throws {
        let etcd = try EtcdProcess.start()
        defer { etcd.stop() }
        let real = EtcdSide(etcd)
        let mine = EmbeddedSide()
        #expect(try real.headRevision() == mine.store.currentRevision())

        var watchChecked = false
        for (n, step) in Self.script.enumerated() {
            if case .compact = step, !watchChecked {
                // Before history is dropped: replaying everything from revision 2 gives the same events.
                let realEvents = try real.watchEvents(prefix: "/cmp/", from: 2, seconds: 1.5)
                let myEvents = try await embeddedEvents(mine, prefix: "/cmp/", from: 2)
                #expect(!realEvents.isEmpty)
                #expect(realEvents == myEvents)
                watchChecked = true
            }
            let r = try real.run(step)
            let m = mine.run(step)
            #expect(r == m, "step \(n) \(step): etcd \(r) vs embedded \(m)")
        }
        #expect(watchChecked)

        // History at every revision, including the compacted ones (both must refuse them).
        let head = mine.store.currentRevision()
        #expect(try real.headRevision() == head)
        var compactedSeen = 0
        for revision in 1...head {
            let r = try real.get(prefix: "/cmp/", revision: revision)
            let m = mine.get(prefix: "/cmp/", revision: revision)
            #expect(r == m, "range at \(revision)")
            if case .failure(let message) = m {
                #expect(message == "mvcc: required revision has been compacted")
                compactedSeen += 1
            }
        }
        #expect(compactedSeen > 0)
        #expect(try real.get(prefix: "/cmp/", revision: 0) == mine.get(prefix: "/cmp/", revision: 0))
        #expect(try real.get(prefix: "/cmp/", revision: head + 1) == mine.get(prefix: "/cmp/", revision: head + 1))
    }

    private func embeddedEvents(_ side: EmbeddedSide, prefix: String, from revision: Int64) async throws -> [ComparableEvent] {
        let key = Array(prefix.utf8)
        let stream = side.store.watch(KVWatchRequest(key: key, rangeEnd: KeyRange.prefixEnd(key), startRevision: revision, prevKV: true))
        let head = side.store.currentRevision()
        func c(_ kv: KeyValue) -> ComparableKV {
            ComparableKV(key: kv.keyString, value: String(decoding: kv.value, as: UTF8.self), create: kv.createRevision,
                         mod: kv.modRevision, version: kv.version, leaseSlot: side.slot(of: kv.lease))
        }
        var events: [ComparableEvent] = []
        for await response in stream {
            events += response.events.map { ComparableEvent(isDelete: $0.kind == .delete, kv: c($0.kv), prev: $0.prevKV.map(c)) }
            if response.revision >= head { break }
        }
        return events
    }
}
