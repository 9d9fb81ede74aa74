import Foundation
import Testing
import Bolt
import BoltWriter

/// The generic bbolt writer, read back with the independent `Bolt` reader.
struct BoltWriterTests {
    private func write(_ buckets: [BoltBucketContent]) throws -> BoltDatabase {
        let image = try BoltDatabaseWriter().build(buckets: buckets)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("engine-bolt-\(UUID().uuidString).db").path
        try AtomicFile.write(image, to: path, appendingSnapshotChecksum: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The mapping stays valid after the unlink.
        return try BoltDatabase(path: path)
    }

    private func entries(_ db: BoltDatabase, _ bucket: Bucket) throws -> [([UInt8], [UInt8], Bool)] {
        var out: [([UInt8], [UInt8], Bool)] = []
        try db.forEach(in: bucket) { e, _ in out.append((Array(e.key), Array(e.value), e.isBucket)); return true }
        return out
    }

    /// Pages written to the file as they are filled give the image's bytes, and the trailer read
    /// back from the file is the image's SHA-256.
    @Test func streamedFileHasTheImageBytes() throws {
        var large = BoltBucketContent(name: "large")
        for i in 0..<5000 {
            try large.append(key: Array(String(format: "key-%06d", i).utf8), value: [UInt8](repeating: UInt8(i % 251), count: 50 + (i * 37) % 9000))
        }
        var small = BoltBucketContent(name: "small")
        try small.append(key: Array("k".utf8), value: Array("v".utf8))
        let buckets = [large, small, BoltBucketContent(name: "empty")]
        let image = try BoltDatabaseWriter().build(buckets: buckets)
        for snapshot in [false, true] {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("engine-bolt-\(UUID().uuidString).db").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try AtomicFile.write(to: path, appendingSnapshotChecksum: snapshot) { fd, temporary throws(BoltWriteError) in
                try BoltDatabaseWriter().write(buckets: buckets, toDescriptor: fd, path: temporary)
            }
            let written = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let expected = snapshot ? image + image.withUnsafeBytes { SHA256.hash($0) } : image
            #expect(written.count == expected.count)
            #expect(written == expected, "snapshot: \(snapshot)")
            #expect(!FileManager.default.fileExists(atPath: path + ".part"))
        }
    }

    @Test func aFailedStreamedWriteLeavesNoFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("engine-bolt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("x.db").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        var bucket = BoltBucketContent(name: "b")
        try bucket.append(key: [1], value: [2])
        // A descriptor that cannot be written: the error comes back, the old file stays, no temp file.
        #expect(throws: BoltWriteError.self) {
            try AtomicFile.write(to: path, appendingSnapshotChecksum: true) { _, temporary throws(BoltWriteError) in
                try BoltDatabaseWriter().write(buckets: [bucket], toDescriptor: -1, path: temporary)
            }
        }
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self) == "old")
        #expect(!FileManager.default.fileExists(atPath: path + ".part"))
    }

    @Test func nestedBucketsInlineAndPaged() throws {
        var small = BoltBucketContent(name: "small")
        try small.append(key: Array("k".utf8), value: Array("v".utf8))
        var large = BoltBucketContent(name: "large")
        for i in 0..<3000 {
            try large.append(key: Array(String(format: "key-%06d", i).utf8), value: [UInt8](repeating: UInt8(i % 256), count: 100 + i % 700))
        }
        var deeper = BoltBucketContent(name: "deeper")
        try deeper.append(key: Array("x".utf8), value: Array("y".utf8))
        var parent = BoltBucketContent(name: "parent")
        try parent.append(key: Array("a-plain".utf8), value: Array("1".utf8))
        try parent.append(bucket: deeper)
        try parent.append(bucket: large)
        try parent.append(bucket: small)
        let db = try write([parent, BoltBucketContent(name: "empty")])

        #expect(try db.bucketNames() == ["empty", "parent"])
        #expect(try db.bucket("empty")?.inlinePage != nil)
        let p = try #require(try db.bucket("parent"))
        #expect(p.inlinePage == nil)
        #expect(try db.bucketNames(in: p) == ["deeper", "large", "small"])
        let top = try entries(db, p)
        #expect(top.map { String(decoding: $0.0, as: UTF8.self) } == ["a-plain", "deeper", "large", "small"])
        #expect(top.map(\.2) == [false, true, true, true])

        let s = try #require(try db.bucket("small", in: p))
        #expect(s.inlinePage != nil)
        #expect(try entries(db, s).map { $0.1 } == [Array("v".utf8)])
        let l = try #require(try db.bucket("large", in: p))
        #expect(l.inlinePage == nil)
        let read = try entries(db, l)
        #expect(read.count == 3000)
        #expect(read.enumerated().allSatisfy { i, e in
            e.0 == Array(String(format: "key-%06d", i).utf8) && e.1 == [UInt8](repeating: UInt8(i % 256), count: 100 + i % 700)
        })
        #expect(try entries(db, try #require(try db.bucket("deeper", in: p))).map(\.1) == [Array("y".utf8)])
    }

    @Test func valuesLargerThanAPageUseOverflowPages() throws {
        var bucket = BoltBucketContent(name: "big")
        let sizes = [10_000, 3, 70_000, 5000, 1]
        for (i, size) in sizes.enumerated() { try bucket.append(key: [UInt8(i + 1)], value: [UInt8](repeating: UInt8(i), count: size)) }
        let db = try write([bucket])
        let b = try #require(try db.bucket("big"))
        let read = try entries(db, b)
        #expect(read.map(\.1.count) == sizes)
        var overflowed = 0
        for pgid in 2..<UInt64(db.pageCount) {
            if let page = try? db.page(pgid), page.overflow > 0 { overflowed += 1 }
        }
        #expect(overflowed > 0)
    }

    @Test func misuseIsAnErrorNotACrash() throws {
        var bucket = BoltBucketContent(name: "b")
        try bucket.append(key: [2], value: [])
        #expect(throws: BoltWriteError.keysOutOfOrder(bucket: "b")) { try bucket.append(key: [1], value: []) }
        #expect(throws: BoltWriteError.keysOutOfOrder(bucket: "b")) { try bucket.append(key: [2], value: []) }
        #expect(throws: BoltWriteError.emptyKey(bucket: "b")) { try bucket.append(key: [], value: []) }
        #expect(throws: BoltWriteError.duplicateBucket("b")) { try BoltDatabaseWriter().build(buckets: [bucket, bucket]) }
        #expect(throws: BoltWriteError.self) { try AtomicFile.write([1, 2, 3], to: "/nonexistent-dir/x.db", appendingSnapshotChecksum: false) }
    }
}
