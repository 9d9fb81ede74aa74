import Bolt
import EtcdModel
import EtcdTestSupport
import Foundation
import Testing
@testable import EtcdOffline

@Suite struct SalvageAndLiveTests {
    /// On an intact file, salvage finds exactly the records of the `key` bucket.
    @Test func salvageOfAnIntactFileRecoversEveryRecord() throws {
        let scenario = try RecordedScenario.get()
        let store = try EtcdStore(path: scenario.snapshotPath)
        let salvaged = try SalvagedStore(path: scenario.snapshotPath)
        var expected: [Revision] = []
        try store.forEachRevision(fromMain: 0) { expected.append($0.revision); return true }
        var got: [Revision] = []
        try salvaged.forEachRevision(fromMain: 0) { got.append($0.revision); return true }
        // Free pages may hold stale copies of compacted records: salvage may find more, never fewer.
        #expect(Set(expected).isSubset(of: Set(got)))
        // Intact pages never count as damaged (stale overflow remnants may be unrecognized).
        #expect(salvaged.summary.damagedPages.isEmpty)
        let latest = try Keyspace.build(store)
        let latestSalvaged = try Keyspace.build(salvaged)
        let a = try latest.indices(key: [0], rangeEnd: [0]).map { try latest.keyValue(at: $0) }
        let b = try latestSalvaged.indices(key: [0], rangeEnd: [0]).map { try latestSalvaged.keyValue(at: $0) }
        // Compacted records left in freed pages must not come back (a key whose deletion was
        // compacted away would otherwise look live again).
        #expect(a == b)
        #expect(salvaged.compaction.effectiveRevision == store.compaction.effectiveRevision)
        #expect(try salvaged.hashKV().revision == store.currentRevision)
    }

    /// Damaged copies: the normal reader fails with a page error, salvage still recovers the
    /// records on the pages that remain intact and counts the others.
    @Test func salvageOfDamagedCopies() throws {
        let scenario = try RecordedScenario.get()
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: scenario.snapshotPath)))
        let db = try BoltDatabase(path: scenario.snapshotPath)
        let keyRoot = try #require(try db.bucket("key"))
        let all = try EtcdStore(path: scenario.snapshotPath)
        var total = 0
        try all.forEachRevision(fromMain: 0) { _ in total += 1; return true }
        var leafPages: [UInt64] = []
        try db.forEach(in: keyRoot) { _, pgid in
            if leafPages.last != pgid { leafPages.append(pgid) }
            return true
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-salvage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Smash the header of one leaf page of the key bucket and both meta pages.
        var copy = Array(original.dropLast(32))
        let victim = try #require(leafPages.first)
        for i in 0..<16 { copy[Int(victim) * db.pageSize + i] = 0xAB }
        for i in 16..<80 { copy[i] = 0; copy[db.pageSize + i] = 0 }
        let path = dir.appendingPathComponent("damaged.db").path
        try Data(copy).write(to: URL(fileURLWithPath: path))
        #expect(throws: BoltError.self) { _ = try EtcdStore(path: path) }
        let salvaged = try SalvagedStore(path: path)
        #expect(salvaged.summary.unrecognizedPages.contains(victim))
        #expect(salvaged.recoveredRecords > 0)
        #expect(salvaged.recoveredRecords < total + 64)
        var onVictim = 0
        try db.forEach(in: keyRoot) { _, pgid in
            if pgid == victim { onVictim += 1 }
            return true
        }
        #expect(salvaged.recoveredRecords >= total - onVictim)
    }

    /// A database a running etcd holds opens at once (no flock) and reads or fails cleanly.
    @Test func openingALiveDatabaseDoesNotWait() throws {
        let etcd = try EtcdProcess.start(name: "live")
        defer { etcd.stop() }
        for i in 0..<20 { try etcd.etcdctl(["put", "/live/k\(i)", "v\(i)"]) }
        Thread.sleep(forTimeInterval: 0.3)  // past etcd's 100 ms batch commit
        let started = Date()
        let store = try EtcdStore(path: etcd.dataDir.path)
        let keyspace = try Keyspace.build(store)
        #expect(Date().timeIntervalSince(started) < 30)   // a flock would wait for as long as etcd runs
        #expect(keyspace.indices(key: Array("/live/".utf8), rangeEnd: Array("/live0".utf8)).count == 20)
        // HashKV of a store that never compacted: etcd reports compact revision -1.
        let out = try etcd.etcdctl(["endpoint", "hashkv", "-w", "json"])
        let resp = (try JSONSerialization.jsonObject(with: out) as? [[String: Any]])?.first?["HashKV"] as? [String: Any] ?? [:]
        let offline = try store.hashKV()
        #expect(offline.hash == UInt32(truncatingIfNeeded: resp.int64("hash")))
        #expect(offline.compactRevision == resp.int64("compact_revision"))
        #expect(offline.compactRevision == -1)
    }
}
