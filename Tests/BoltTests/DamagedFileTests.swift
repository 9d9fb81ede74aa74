import Foundation
import Testing
@testable import Bolt

/// A corpus of damaged copies of a real snapshot: opening and walking every bucket must end in a
/// value or a BoltError, never a crash or a hang.
@Suite struct DamagedFileTests {
    /// Walks everything reachable; returns the entry count or throws.
    static func walkAll(_ path: String, options: BoltDatabase.Options) throws -> Int {
        let db = try BoltDatabase(path: path, options: options)
        var n = 0
        for name in try db.bucketNames() {
            guard let bucket = try db.bucket(name) else { continue }
            try db.forEach(in: bucket) { _, _ in n += 1; return true }
        }
        return n
    }

    @Test func everyTruncationAtAPageBoundaryFailsCleanly() throws {
        let f = try SnapshotFixture.get()
        let db = try BoltDatabase(path: f.snapshotPath)
        let pages = f.bytes.count / db.pageSize
        #expect(pages > 20)
        var truncatedErrors = 0
        for cut in 0..<pages {
            let path = try f.writeCopy(Array(f.bytes[0..<(cut * db.pageSize)]), name: "cut.db")
            do {
                _ = try Self.walkAll(path, options: .init())
                Issue.record("a copy cut at page \(cut) of \(pages) opened without error")
            } catch let e as BoltError {
                if case .truncated = e { truncatedErrors += 1 }
            }
            // Salvage mode opens what is there; walks may fail on missing pages, but only with errors.
            _ = try? Self.walkAll(path, options: .init(trailer: .report, allowTruncated: true))
        }
        #expect(truncatedErrors >= pages - 2)  // the first cuts are too short to hold a meta
    }

    @Test func randomBitFlipsNeverCrash() throws {
        let f = try SnapshotFixture.get()
        let db = try BoltDatabase(path: f.snapshotPath)
        let expected = try Self.walkAll(f.snapshotPath, options: .init())
        var rng = SplitMix(seed: 0x5EED)
        var outcomes = (ok: 0, failed: 0, differed: 0)
        let dataBytes = f.bytes.count - 32
        for round in 0..<300 {
            var copy = f.bytes
            let flips = 1 + Int(rng.next() % 6)
            for _ in 0..<flips {
                // Half the flips go to page headers and element arrays, where they hurt most.
                let offset: Int
                if rng.next() % 2 == 0 {
                    let page = Int(rng.next() % UInt64(dataBytes / db.pageSize))
                    offset = page * db.pageSize + Int(rng.next() % 64)
                } else {
                    offset = Int(rng.next() % UInt64(dataBytes))
                }
                copy[offset] ^= UInt8(1) << (rng.next() % 8)
            }
            let path = try f.writeCopy(copy, name: "flip-\(round % 4).db")
            do {
                let n = try Self.walkAll(path, options: .init(trailer: .skip))
                outcomes.ok += 1
                if n != expected { outcomes.differed += 1 }
            } catch is BoltError {
                outcomes.failed += 1
            }
        }
        #expect(outcomes.ok + outcomes.failed == 300)
        #expect(outcomes.failed > 0)
    }

    @Test func flippedTrailerBitsAreAlwaysDetected() throws {
        let f = try SnapshotFixture.get()
        var rng = SplitMix(seed: 7)
        for _ in 0..<20 {
            var copy = f.bytes
            copy[Int(rng.next() % UInt64(copy.count))] ^= 0x10
            let path = try f.writeCopy(copy, name: "flip-any.db")
            #expect(throws: BoltError.self) {
                let db = try BoltDatabase(path: path)
                // A flip in the data must be caught by the trailer; one in the trailer too.
                _ = db
            }
        }
    }
}

/// A small deterministic generator so failures reproduce.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
