import Bolt
import EtcdModel
import ProtoWire

/// The `key` bucket rebuilt from whatever leaf pages of a damaged file are still intact: every
/// element whose key has the revision shape and whose value decodes as an mvccpb.KeyValue of
/// that revision. The records are copied into one arena (the file's tree cannot be trusted to
/// stay consistent) and kept in revision order; the same revision found twice (a stale copy in a
/// free page) counts once.
public final class SalvagedStore: MVCCStore, @unchecked Sendable {
    struct Record {
        let revision: Revision
        let isTombstone: Bool
        let bucketKey: Range<Int>
        let value: Range<Int>
        let userKey: Range<Int>
    }

    public let description: String
    public let summary: PageScan.Summary
    public private(set) var recoveredRecords = 0
    public private(set) var rejectedElements = 0
    public let currentRevision: Int64
    public let compaction: CompactionState
    /// Records dropped because they sit on pages the tree no longer reaches and are at or below
    /// the compaction revision: compacted history that would otherwise come back to life.
    public private(set) var staleRecordsDropped = 0
    let records: [Record]
    let arena: UnsafeMutableRawBufferPointer

    public init(path: String) throws {
        let file = try MappedFile(path: try DatabasePath.resolve(path))
        description = path + " (salvaged)"
        // When the meta and the top of the tree survive, they tell which leaf pages are live and
        // what was compacted; freed pages still hold copies of compacted records.
        var reachable: Set<UInt64>?
        var state = CompactionState()
        if let db = try? BoltDatabase(file: file, options: .init(trailer: .skip, allowTruncated: true)),
           let keyBucket = try? db.bucket("key") {
            reachable = db.reachableLeafPages(in: keyBucket).pages
            if keyBucket.inlinePage != nil { reachable = nil }
            if let store = try? EtcdStore(database: db) { state = store.compaction }
        }
        compaction = state
        let compactRevision = state.effectiveRevision
        var stale = 0
        var buffer: [UInt8] = []
        var found: [Record] = []
        var seen = Set<Revision>()
        var rejected = 0
        summary = PageScan.leafElements(in: file) { e, pgid in
            guard !e.isBucket, let (revision, tomb) = Revision.parse(e.key) else { return }
            if let reachable, !reachable.contains(pgid), revision.main <= compactRevision {
                stale += 1
                return
            }
            guard let kv = try? KeyValue(decoding: WireReader(e.value)), !kv.key.isEmpty,
                  tomb || kv.modRevision == revision.main else { rejected += 1; return }
            guard seen.insert(revision).inserted else { return }
            let k = buffer.count
            buffer.append(contentsOf: e.key)
            let v = buffer.count
            buffer.append(contentsOf: e.value)
            guard let user = KeyValueScan.userKey(in: e.value),
                  let base = e.value.baseAddress, let ub = user.baseAddress else { return }
            let u = v + (ub - base)
            found.append(Record(revision: revision, isTombstone: tomb, bucketKey: k..<v, value: v..<buffer.count,
                                userKey: u..<(u + user.count)))
        }
        found.sort { $0.revision < $1.revision }
        records = found
        rejectedElements = rejected
        staleRecordsDropped = stale
        recoveredRecords = found.count
        currentRevision = found.last?.revision.main ?? 0
        arena = UnsafeMutableRawBufferPointer.allocate(byteCount: max(buffer.count, 1), alignment: 8)
        buffer.withUnsafeBytes { arena.copyMemory(from: $0) }
    }

    deinit { arena.deallocate() }

    public func forEachRevision(fromMain: Int64, _ body: (RevisionEntry) throws -> Bool) throws {
        let bytes = UnsafeRawBufferPointer(arena)
        var lo = 0, hi = records.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if records[mid].revision.main < fromMain { lo = mid + 1 } else { hi = mid }
        }
        for r in records[lo...] {
            let entry = RevisionEntry(revision: r.revision, isTombstone: r.isTombstone,
                                      bucketKey: UnsafeRawBufferPointer(rebasing: bytes[r.bucketKey]),
                                      value: UnsafeRawBufferPointer(rebasing: bytes[r.value]),
                                      userKey: UnsafeRawBufferPointer(rebasing: bytes[r.userKey]))
            if try !body(entry) { return }
        }
    }
}
