import Bolt

/// An etcd backend database (snapshot, `db` file or data dir) opened read-only.
public final class EtcdStore: MVCCStore, @unchecked Sendable {
    public let database: BoltDatabase
    let keyBucket: Bucket
    let metaBucket: Bucket?
    let leaseBucket: Bucket?
    public let compaction: CompactionState
    public let currentRevision: Int64

    public var description: String { database.path }

    public convenience init(path: String, options: BoltDatabase.Options = .init()) throws {
        try self.init(database: BoltDatabase(path: path, options: options))
    }

    public init(database: BoltDatabase) throws {
        self.database = database
        guard let key = try database.bucket("key") else { throw EtcdOfflineError.missingBucket("key") }
        keyBucket = key
        metaBucket = try database.bucket("meta")
        leaseBucket = try database.bucket("lease")
        var state = CompactionState()
        if let meta = metaBucket {
            try database.forEach(in: meta) { e, _ in
                switch String(decoding: e.key, as: UTF8.self) {
                case "finishedCompactRev":
                    guard let (r, _) = Revision.parse(e.value) else { throw EtcdOfflineError.badMetaValue(key: "finishedCompactRev") }
                    state.finished = r.main
                case "scheduledCompactRev":
                    guard let (r, _) = Revision.parse(e.value) else { throw EtcdOfflineError.badMetaValue(key: "scheduledCompactRev") }
                    state.scheduled = r.main
                case "consistent_index":
                    guard e.value.count == 8 else { throw EtcdOfflineError.badMetaValue(key: "consistent_index") }
                    state.consistentIndex = UInt64(bigEndian: e.value.loadUnaligned(as: UInt64.self))
                default: break
                }
                return true
            }
        }
        compaction = state
        var last: Int64 = 0
        if let e = try database.lastElement(in: key) {
            guard let (r, _) = Revision.parse(e.key) else { throw EtcdOfflineError.badRevisionKey(pgid: 0, keyBytes: e.key.count) }
            last = r.main
        }
        // As etcd on start-up: a compaction past the last record still moves the revision on.
        currentRevision = max(last, state.effectiveRevision)
    }

    public func forEachRevision(fromMain: Int64, _ body: (RevisionEntry) throws -> Bool) throws {
        let start = Revision(main: max(fromMain, 0)).encoded
        try database.forEach(in: keyBucket, from: start) { e, pgid in
            guard let (revision, tomb) = Revision.parse(e.key) else {
                throw EtcdOfflineError.badRevisionKey(pgid: pgid, keyBytes: e.key.count)
            }
            guard let user = KeyValueScan.userKey(in: e.value) else {
                throw EtcdOfflineError.badKeyValue(revision: revision.description, reason: "no key field (page \(pgid))")
            }
            return try body(RevisionEntry(revision: revision, isTombstone: tomb, bucketKey: e.key, value: e.value, userKey: user))
        }
    }

    /// The leases etcd had granted (the `lease` bucket).
    public func leases() throws -> [Lease] {
        guard let bucket = leaseBucket else { return [] }
        var out: [Lease] = []
        try database.forEach(in: bucket) { e, pgid in
            do { out.append(try Lease(decoding: e.value)) } catch {
                throw BoltError.corruptPage(pgid: pgid, reason: "lease value is not a leasepb.Lease: \(error)")
            }
            return true
        }
        return out
    }

    /// Bytes of the bbolt image and of the whole file.
    public var databaseBytes: Int { database.bytes.count }
}
