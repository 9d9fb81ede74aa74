import Foundation
import Testing
import Bolt
import BoltWriter
import EtcdModel
import ProtoWire
import EtcdTestSupport
@testable import EngineStore

/// The db file: its bbolt structure read back by the independent `Bolt` reader, loading it
/// into a store again, determinism, and loading a snapshot made by a real etcd.
struct DatabaseFileTests {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID().uuidString)-\(name)").path
    }

    @Test func bucketsAndPagesAsBboltLaysThemOut() throws {
        let store = try SnapshotRestoreTests.populatedStore(keys: 2000, valueSize: 1500)
        let path = Self.temporaryPath("layout.db")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try store.writeDatabase(to: path, asSnapshot: false)
        let db = try BoltDatabase(path: path)
        #expect(db.meta.pageSize == 4096)
        #expect(db.meta.freelistPgid == UInt64.max)
        #expect(db.otherMetaProblem == nil)
        #expect(try db.bucketNames() == ["alarm", "auth", "authRoles", "authUsers", "cluster", "key", "lease", "members",
                                         "members_removed", "meta"])
        // Small buckets are inline, the big `key` bucket is a tree.
        #expect(try db.bucket("meta")?.inlinePage != nil)
        #expect(try db.bucket("members_removed")?.inlinePage != nil)
        let key = try #require(try db.bucket("key"))
        #expect(key.inlinePage == nil)
        #expect(try db.page(key.rootPgid).isBranch)

        // Every revision, in order, equals the store's history.
        var entries: [(main: Int64, sub: Int64, tombstone: Bool, kv: KeyValue)] = []
        try db.forEach(in: key) { element, _ in
            let revision = try #require(RevisionKey.decode(element.key))
            entries.append((revision.main, revision.sub, revision.tombstone, try KeyValue(decoding: ProtoWireReader.make(element.value))))
            return true
        }
        let log = store.state.withLock { $0.log }
        #expect(entries.count == log.count)
        #expect(zip(entries, log).allSatisfy { $0.main == $1.main && $0.sub == $1.sub })
        let big = entries.first { $0.kv.keyString == "/registry/configmaps/default/big" }
        #expect(big?.kv.value.count == 20_000)
        let tombstones = entries.filter(\.tombstone)
        #expect(tombstones.allSatisfy { $0.kv.createRevision == 0 && $0.kv.value.isEmpty && !$0.kv.key.isEmpty })

        var meta: [String: [UInt8]] = [:]
        try db.forEach(in: try #require(try db.bucket("meta"))) { e, _ in meta[String(decoding: e.key, as: UTF8.self)] = Array(e.value); return true }
        let compactKey = RevisionKey.encode(main: store.compactedRevision, sub: 0)
        #expect(meta["finishedCompactRev"] == compactKey && meta["scheduledCompactRev"] == compactKey)
        #expect(meta["consistent_index"]?.count == 8)
    }

    @Test func savedStoreLoadsBackWithItsWholeHistory() throws {
        let clock = ManualClock()
        let configuration = EmbeddedStore.Configuration(seed: 42, clock: clock, memberName: "restored")
        let store = try SnapshotRestoreTests.populatedStore()
        let path = Self.temporaryPath("roundtrip.db")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try store.writeDatabase(to: path, asSnapshot: true)
        let loaded = try EmbeddedStore.load(from: path, configuration: configuration)
        #expect(loaded.currentRevision() == store.currentRevision())
        #expect(loaded.compactedRevision == store.compactedRevision)
        for revision in store.compactedRevision...store.currentRevision() {
            let request = KVRangeRequest(key: [0], rangeEnd: [0], revision: revision)
            #expect(try loaded.range(request) == store.range(request), "revision \(revision)")
        }
        // Saving the loaded store again gives the same bytes.
        #expect(try loaded.databaseImage() == store.databaseImage())
        // The lease came back with its keys: expiring it deletes the event.
        clock.advance(seconds: 3601)
        #expect(loaded.expireLeases().count == 1)
        #expect(try loaded.range(.prefix(Array("/registry/events/".utf8))).count == 0)
        // Writing continues at the next revision.
        #expect(try loaded.put(Array("/after".utf8), Array("load".utf8)) == store.currentRevision() + 2)
    }

    @Test func sameOperationsGiveIdenticalBytes() throws {
        let first = try SnapshotRestoreTests.populatedStore().databaseImage()
        let second = try SnapshotRestoreTests.populatedStore().databaseImage()
        #expect(first == second)
        let other = EmbeddedStore(configuration: .init(seed: 43, memberName: "restored"))
        _ = try other.put(Array("/a".utf8), Array("b".utf8))
        #expect(try other.databaseImage() != first)
    }

    @Test func corruptFilesAreRefusedWithAnError() throws {
        let store = try SnapshotRestoreTests.populatedStore(keys: 50, valueSize: 100)
        var image = try store.databaseImage()
        let path = Self.temporaryPath("corrupt.db")
        defer { try? FileManager.default.removeItem(atPath: path) }
        // A broken snapshot trailer.
        try AtomicFile.write(image, to: path, appendingSnapshotChecksum: true)
        var withTrailer = try Data(contentsOf: URL(fileURLWithPath: path))
        withTrailer[withTrailer.count - 1] ^= 0xff
        try withTrailer.write(to: URL(fileURLWithPath: path))
        #expect(throws: EtcdDatabaseError.self) { try EmbeddedStore.load(from: path) }
        // Both meta pages damaged.
        image[20] ^= 0xff
        image[4096 + 20] ^= 0xff
        try Data(image).write(to: URL(fileURLWithPath: path))
        #expect(throws: EtcdDatabaseError.self) { try EmbeddedStore.load(from: path) }
        // Truncated.
        try Data(try store.databaseImage().prefix(3 * 4096)).write(to: URL(fileURLWithPath: path))
        #expect(throws: EtcdDatabaseError.self) { try EmbeddedStore.load(from: path) }
    }

    @Test func loadsASnapshotTakenFromARealEtcd() throws {
        let etcd = try EtcdProcess.start()
        defer { etcd.stop() }
        for i in 0..<40 { try etcd.etcdctl(["put", "/real/k\(i % 15)", "value-\(i)"]) }
        try etcd.etcdctl(["del", "/real/k3"])
        try etcd.etcdctl(["compaction", "20"])
        try etcd.etcdctl(["put", "/real/k3", "back"])
        let path = Self.temporaryPath("real.db")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try etcd.etcdctl(["snapshot", "save", path])
        let loaded = try EmbeddedStore.load(from: path)
        let real = try EtcdCtl.json(etcd.etcdctl(["get", "/real/", "--prefix", "-w", "json"]))
        let mine = try loaded.range(.prefix(Array("/real/".utf8)))
        #expect(EtcdCtl.revision(real) == loaded.currentRevision())
        #expect(loaded.compactedRevision == 20)
        let kvs = (real["kvs"] as? [[String: Any]]) ?? []
        #expect(kvs.count == mine.kvs.count && kvs.count == 15)
        for (r, m) in zip(kvs, mine.kvs) {
            #expect(EtcdCtl.bytes(r["key"]) == m.key && EtcdCtl.bytes(r["value"]) == m.value)
            #expect(EtcdCtl.int(r["mod_revision"]) == m.modRevision && EtcdCtl.int(r["create_revision"]) == m.createRevision)
            #expect(EtcdCtl.int(r["version"]) == m.version)
        }
        #expect(throws: KVStoreError.compacted(compactRevision: 20)) { try loaded.range(KVRangeRequest(key: Array("/real/k1".utf8), revision: 19)) }
    }
}

enum ProtoWireReader {
    static func make(_ raw: UnsafeRawBufferPointer) -> ProtoWire.WireReader { ProtoWire.WireReader(raw) }
}
