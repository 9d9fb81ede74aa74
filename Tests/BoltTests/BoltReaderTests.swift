import Foundation
import Testing
@testable import Bolt

@Suite struct BoltReaderTests {
    /// bbolt's own reader (via `etcdctl snapshot status`) and ours must see the same entries:
    /// same count over all buckets and the same CRC-32C over names, keys and values.
    @Test func walkMatchesSnapshotStatus() throws {
        let f = try SnapshotFixture.get()
        let db = try BoltDatabase(path: f.snapshotPath)
        #expect(db.trailer == .verified)
        var crc = BitwiseCRC32C()
        var total = 0
        var lastKeyBucketKey: [UInt8] = []
        for name in try db.bucketNames() {
            let bucket = try #require(try db.bucket(name))
            crc.update(Array(name.utf8))
            try db.forEach(in: bucket) { e, _ in
                crc.update(e.key)
                crc.update(e.value)
                total += 1
                if name == "key" { lastKeyBucketKey = Array(e.key) }
                return true
            }
        }
        #expect(total == f.statusTotalKey)
        #expect(crc.value == f.statusHash)
        // The last revision key's main revision is what snapshot status reports.
        let main = lastKeyBucketKey.prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
        #expect(main == f.statusRevision)
        let keyBucket = try #require(try db.bucket("key"))
        #expect(keyBucket.inlinePage == nil)
        let root = try db.page(keyBucket.rootPgid)
        #expect(root.isBranch)
    }

    @Test func lastElementAndSeek() throws {
        let f = try SnapshotFixture.get()
        let db = try BoltDatabase(path: f.snapshotPath)
        let bucket = try #require(try db.bucket("key"))
        var keys: [[UInt8]] = []
        try db.forEach(in: bucket) { e, _ in keys.append(Array(e.key)); return true }
        let last = try #require(try db.lastElement(in: bucket))
        #expect(Array(last.key) == keys.last)
        let middle = keys[keys.count / 2]
        var fromMiddle: [[UInt8]] = []
        try db.forEach(in: bucket, from: middle) { e, _ in fromMiddle.append(Array(e.key)); return true }
        #expect(fromMiddle == Array(keys[(keys.count / 2)...]))
    }

    @Test func damagedTrailerIsReported() throws {
        let f = try SnapshotFixture.get()
        var copy = f.bytes
        copy[copy.count - 1] ^= 0x01
        let path = try f.writeCopy(copy, name: "bad-trailer.db")
        #expect {
            _ = try BoltDatabase(path: path)
        } throws: { error in
            if case .snapshotChecksumMismatch = error as? BoltError { return true }
            return false
        }
        let reported = try BoltDatabase(path: path, options: .init(trailer: .report))
        if case .mismatch = reported.trailer {} else { Issue.record("expected a mismatch, got \(reported.trailer)") }
    }

    @Test func damagedMetaFallsBackToTheOther() throws {
        let f = try SnapshotFixture.get()
        let good = try BoltDatabase(path: f.snapshotPath, options: .init(trailer: .skip))
        var copy = f.bytes
        copy[good.meta.pageIndex * good.pageSize + 70] ^= 0x40  // inside the checksummed meta bytes
        let path = try f.writeCopy(copy, name: "bad-meta.db")
        let db = try BoltDatabase(path: path, options: .init(trailer: .skip))
        #expect(db.meta.pageIndex != good.meta.pageIndex)
        #expect(db.otherMetaProblem?.contains("checksum") == true)
        copy[db.meta.pageIndex * good.pageSize + 20] ^= 0x01  // the other meta's version
        let both = try f.writeCopy(copy, name: "bad-metas.db")
        #expect {
            _ = try BoltDatabase(path: both, options: .init(trailer: .skip))
        } throws: { error in
            if case .noValidMeta = error as? BoltError { return true }
            return false
        }
    }

    @Test func cycleInBranchIsAnErrorNamingThePage() throws {
        let f = try SnapshotFixture.get()
        let good = try BoltDatabase(path: f.snapshotPath, options: .init(trailer: .skip))
        let root = try #require(try good.bucket("key")).rootPgid
        var copy = f.bytes
        // Point the root branch's last child back at the root itself.
        let page = try good.page(root)
        let element = Int(root) * good.pageSize + 16 + (page.count - 1) * 16
        for i in 0..<8 { copy[element + 8 + i] = UInt8(truncatingIfNeeded: root >> (8 * UInt64(i))) }
        let path = try f.writeCopy(copy, name: "cycle.db")
        let db = try BoltDatabase(path: path, options: .init(trailer: .skip))
        let bucket = try #require(try db.bucket("key"))
        #expect(throws: BoltError.corruptPage(pgid: root, reason: "reached twice in one tree (a cycle or a shared child)")) {
            try db.forEach(in: bucket) { _, _ in true }
        }
    }

    @Test func wrongPageIDIsAnError() throws {
        let f = try SnapshotFixture.get()
        let good = try BoltDatabase(path: f.snapshotPath, options: .init(trailer: .skip))
        let root = try #require(try good.bucket("key")).rootPgid
        let firstChild = try good.page(root)
        var leafID: UInt64 = 0
        try good.forEach(in: try #require(try good.bucket("key"))) { _, pgid in leafID = pgid; return false }
        #expect(firstChild.isBranch)
        var copy = f.bytes
        copy[Int(leafID) * good.pageSize] ^= 0x01
        let path = try f.writeCopy(copy, name: "wrong-id.db")
        let db = try BoltDatabase(path: path, options: .init(trailer: .skip))
        #expect(throws: BoltError.corruptPage(pgid: leafID, reason: "header carries page id \(leafID ^ 1)")) {
            try db.forEach(in: try #require(try db.bucket("key"))) { _, _ in true }
        }
    }

    @Test func dataDirAndMissingPaths() throws {
        let f = try SnapshotFixture.get()
        let dir = f.directory.appendingPathComponent("dd/member/snap")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("db").path
        if !FileManager.default.fileExists(atPath: db) {
            try Data(f.bytes.dropLast(32)).write(to: URL(fileURLWithPath: db))
        }
        #expect(try DatabasePath.resolve(f.directory.appendingPathComponent("dd").path) == db)
        #expect(try BoltDatabase(path: f.directory.appendingPathComponent("dd").path).trailer == .absent)
        #expect(throws: BoltError.self) { _ = try BoltDatabase(path: f.directory.appendingPathComponent("nope").path) }
        #expect(throws: BoltError.self) { _ = try BoltDatabase(path: f.directory.path) }
    }
}
