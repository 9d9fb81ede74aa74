import Bolt
import EtcdModel
import Foundation
import Testing
@testable import EtcdOffline

/// The offline answers must equal what the same etcd answered while it ran.
@Suite struct OfflineMatchesEtcdTests {
    static let sources = ["snapshot", "datadir"]

    func store(_ which: String) throws -> EtcdStore {
        let s = try RecordedScenario.get()
        return try EtcdStore(path: which == "snapshot" ? s.snapshotPath : s.dataDirCopy)
    }

    @Test(arguments: sources)
    func keysAndValuesAtEveryRecordedRevision(source: String) throws {
        let scenario = try RecordedScenario.get()
        let store = try store(source)
        #expect(store.currentRevision == scenario.currentRevision)
        #expect(store.compaction.effectiveRevision == scenario.compactRevision)
        #expect(scenario.gets.count == 5)
        for get in scenario.gets {
            let keyspace = try Keyspace.build(store, at: get.revision)
            let all = keyspace.indices(key: [0], rangeEnd: [0])
            let offline = try all.map { try keyspace.keyValue(at: $0) }
            let expected = get.kvs.map {
                KeyValue(key: $0.base64("key"), createRevision: $0.int64("create_revision"), modRevision: $0.int64("mod_revision"),
                         version: $0.int64("version"), value: $0.base64("value"), lease: $0.int64("lease"))
            }
            #expect(!expected.isEmpty)
            #expect(offline == expected, "revision \(get.revision) from \(source)")
        }
    }

    @Test(arguments: sources)
    func hashKVEqualsEtcd(source: String) throws {
        let scenario = try RecordedScenario.get()
        let store = try store(source)
        #expect(scenario.hashes.count == 3)
        for recorded in scenario.hashes {
            let result = try store.hashKV(revision: recorded.revision)
            #expect(result.hash == recorded.hash, "hashkv at revision \(recorded.revision) from \(source)")
            #expect(result.compactRevision == recorded.compact)
        }
    }

    @Test func revisionsBelowCompactionAreRefused() throws {
        let scenario = try RecordedScenario.get()
        let store = try store("snapshot")
        #expect(throws: EtcdOfflineError.compacted(requested: scenario.compactRevision - 1, compactRevision: scenario.compactRevision)) {
            _ = try Keyspace.build(store, at: scenario.compactRevision - 1)
        }
        #expect(throws: EtcdOfflineError.futureRevision(requested: scenario.currentRevision + 1, currentRevision: scenario.currentRevision)) {
            _ = try Keyspace.build(store, at: scenario.currentRevision + 1)
        }
    }

    @Test func historyFollowsDeleteAndRecreate() throws {
        let scenario = try RecordedScenario.get()
        let store = try store("snapshot")
        let key = "/registry/deployments/default/web"
        let history = try store.history(of: Array(key.utf8))
        let deletions = history.filter(\.isTombstone).map(\.revision.main)
        // Deletions before the compaction are compacted away; later ones must all be there.
        let expectedDeletions = (scenario.deleteRevisions[key] ?? []).filter { $0 > scenario.compactRevision }
        #expect(!expectedDeletions.isEmpty)
        #expect(deletions.filter { $0 > scenario.compactRevision } == expectedDeletions)
        // Each live record must be what etcd answered for the key at that revision.
        let latest = try #require(scenario.gets.first { $0.revision == 0 })
        let etcdLatest = try #require(latest.kvs.first { $0.base64("key") == Array(key.utf8) })
        let last = try #require(history.last)
        #expect(!last.isTombstone)
        #expect(last.kv.modRevision == etcdLatest.int64("mod_revision"))
        #expect(last.kv.createRevision == etcdLatest.int64("create_revision"))
        #expect(last.kv.version == 1)
        // After a re-creation the version restarts and the create revision moves.
        let creations = history.filter { !$0.isTombstone && $0.kv.version == 1 }
        #expect(creations.count >= 2)
        #expect(Set(creations.map(\.kv.createRevision)).count == creations.count)
    }

    @Test func leasesAreRead() throws {
        let scenario = try RecordedScenario.get()
        let leases = try store("snapshot").leases()
        #expect(leases.map(\.id) == [scenario.leaseID])
        #expect(leases.first?.ttl == 3600)
    }

    @Test func snapshotTrailerIsVerified() throws {
        let scenario = try RecordedScenario.get()
        let db = try BoltDatabase(path: scenario.snapshotPath)
        #expect(db.trailer == .verified)
        let dir = try BoltDatabase(path: scenario.dataDirCopy)
        #expect(dir.trailer == .absent)
    }
}
