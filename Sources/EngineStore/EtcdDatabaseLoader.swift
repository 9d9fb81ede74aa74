import Bolt
import EtcdModel
import ProtoWire

/// Why a db file could not be loaded.
public struct EtcdDatabaseError: Error, CustomStringConvertible, Equatable, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Rebuilds a store's state from an etcd bbolt file (read with the `Bolt` module): all
/// revisions of the `key` bucket, the compaction point from `meta`, and leases, whose TTL
/// restarts from `now` as etcd's does when a member becomes leader.
enum EtcdDatabaseLoader {
    static func load(_ db: BoltDatabase, settings: StoreSettings, now: Int64) throws(EtcdDatabaseError) -> StoreCore {
        do {
            return try loadUnchecked(db, settings: settings, now: now)
        } catch let error as EtcdDatabaseError {
            throw error
        } catch {
            throw EtcdDatabaseError("\(db.path): \(error)")
        }
    }

    private static func loadUnchecked(_ db: BoltDatabase, settings: StoreSettings, now: Int64) throws -> StoreCore {
        var core = StoreCore(settings: settings)
        guard let keyBucket = try db.bucket("key") else { throw EtcdDatabaseError("\(db.path): no `key` bucket, not an etcd database") }
        var lastMain: Int64 = 1
        try db.forEach(in: keyBucket) { element, _ in
            guard let revision = RevisionKey.decode(element.key) else {
                throw EtcdDatabaseError("key bucket: malformed revision key of \(element.key.count) bytes")
            }
            let kv: KeyValue
            do { kv = try KeyValue(decoding: WireReader(element.value)) } catch {
                throw EtcdDatabaseError("key bucket: revision \(revision.main)/\(revision.sub): \(error)")
            }
            guard !kv.key.isEmpty else { throw EtcdDatabaseError("key bucket: revision \(revision.main) has no key") }
            let id = core.index.id(of: kv.key) ?? core.index.insert(kv.key)
            if let last = core.index.records[Int(id)].revisions.last, (last.main, last.sub) >= (revision.main, revision.sub) {
                throw EtcdDatabaseError("key bucket: revisions of one key out of order at \(revision.main)")
            }
            let stored = revision.tombstone
                ? StoredRevision.tombstone(main: revision.main, sub: revision.sub)
                : StoredRevision(main: revision.main, sub: revision.sub, createRevision: kv.createRevision,
                                 version: max(kv.version, 1), lease: kv.lease, value: kv.value)
            core.index.records[Int(id)].revisions.append(stored)
            core.log.append(LogEntry(main: revision.main, sub: revision.sub, keyID: id))
            lastMain = max(lastMain, revision.main)
            return true
        }

        var meta: [String: [UInt8]] = [:]
        if let metaBucket = try db.bucket("meta") {
            try db.forEach(in: metaBucket) { element, _ in
                meta[String(decoding: element.key, as: UTF8.self)] = Array(element.value)
                return true
            }
        }
        if let index = meta["consistent_index"], index.count == 8 { core.appliedIndex = readBigEndian(index, at: 0) }
        let finished = meta["finishedCompactRev"].flatMap { RevisionKey.decode($0) }?.main ?? 0
        let scheduled = meta["scheduledCompactRev"].flatMap { RevisionKey.decode($0) }?.main ?? 0
        core.compactedRevision = finished
        core.currentRevision = max(lastMain, finished, scheduled)

        if let leaseBucket = try db.bucket("lease") {
            try db.forEach(in: leaseBucket) { element, _ in
                let lease: LeaseMessage
                do { lease = try LeaseMessage(decoding: WireReader(element.value)) } catch {
                    throw EtcdDatabaseError("lease bucket: \(error)")
                }
                let ttl = max(lease.ttl, settings.minimumLeaseTTL)
                core.leases[lease.id] = LeaseRecord(id: lease.id, ttl: ttl, deadline: StoreCore.deadline(now: now, ttl: ttl))
                return true
            }
        }
        // A compaction etcd scheduled but had not finished is completed now, as etcd does on start.
        if scheduled > finished { _ = try? core.compact(scheduled) }
        for i in core.index.records.indices {
            if let live = core.index.records[i].live, live.lease != 0, core.leases[live.lease] != nil {
                core.index.records[i].lease = live.lease
                core.leases[live.lease]?.keys.insert(Int32(i))
            }
        }
        core.recomputeNextDeadline()
        return core
    }
}
