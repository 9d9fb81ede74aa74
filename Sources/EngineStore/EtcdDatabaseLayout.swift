import BoltWriter
import EtcdModel
import ProtoWire

/// The buckets etcd 3.4 keeps in its bbolt file, filled from the store's state.
enum EtcdDatabaseLayout {
    static let clusterVersion = "3.4.0"

    static func buckets(of core: StoreCore, configuration: EmbeddedStore.Configuration) throws(BoltWriteError) -> [BoltBucketContent] {
        [
            BoltBucketContent(name: "alarm"),
            try small("auth", [("authRevision", bigEndianBytes(1))]),
            BoltBucketContent(name: "authRoles"),
            BoltBucketContent(name: "authUsers"),
            try small("cluster", [("clusterVersion", Array(clusterVersion.utf8))]),
            try keyBucket(core),
            try leaseBucket(core),
            try members(configuration),
            BoltBucketContent(name: "members_removed"),
            try metaBucket(core),
        ]
    }

    /// Every stored revision in revision order; values are serialized mvccpb.KeyValue, and a
    /// tombstone's value holds only the key.
    static func keyBucket(_ core: StoreCore) throws(BoltWriteError) -> BoltBucketContent {
        let records = core.index.records
        let valueBytes = core.log.reduce(0) { total, entry in total + records[Int(entry.keyID)].key.count + 64 }
        var bucket = BoltBucketContent(name: "key", fillPercent: 0.9, reservingBytes: valueBytes + estimatedValues(core),
                                       reservingEntries: core.log.count)
        // Each key's revisions appear in the log in the same order as in its record.
        var cursor = [Int](repeating: 0, count: records.count)
        var revisionKey: [UInt8] = []
        revisionKey.reserveCapacity(18)
        for entry in core.log {
            let record = records[Int(entry.keyID)]
            var at = cursor[Int(entry.keyID)]
            if at >= record.revisions.count || record.revisions[at].main != entry.main || record.revisions[at].sub != entry.sub {
                guard let found = record.index(main: entry.main, sub: entry.sub) else { continue }
                at = found
            }
            cursor[Int(entry.keyID)] = at + 1
            let revision = record.revisions[at]
            revisionKey.removeAll(keepingCapacity: true)
            RevisionKey.append(main: revision.main, sub: revision.sub, tombstone: revision.isTombstone, to: &revisionKey)
            let kv = revision.isTombstone ? KeyValue(key: record.key) : revision.keyValue(key: record.key)
            try bucket.append(key: revisionKey) { arena in
                // Encode straight into the arena: swap it into a writer and back, without copying.
                var writer = WireWriter(capacity: 0)
                swap(&writer.bytes, &arena)
                kv.encode(into: &writer)
                swap(&writer.bytes, &arena)
            }
        }
        return bucket
    }

    private static func estimatedValues(_ core: StoreCore) -> Int {
        core.index.records.reduce(0) { total, record in total + record.revisions.reduce(0) { $0 + $1.value.count } }
    }

    static func leaseBucket(_ core: StoreCore) throws(BoltWriteError) -> BoltBucketContent {
        var bucket = BoltBucketContent(name: "lease")
        // Big-endian keys sort like unsigned ids.
        for lease in core.leases.values.sorted(by: { UInt64(bitPattern: $0.id) < UInt64(bitPattern: $1.id) }) {
            try bucket.append(key: bigEndianBytes(UInt64(bitPattern: lease.id)),
                              value: LeaseMessage(id: lease.id, ttl: lease.ttl).serialized())
        }
        return bucket
    }

    static func members(_ configuration: EmbeddedStore.Configuration) throws(BoltWriteError) -> BoltBucketContent {
        let id = configuration.memberID
        let hex = String(id, radix: 16)
        let key = String(repeating: "0", count: 16 - hex.count) + hex
        return try small("members", [(key, MemberJSON.encode(id: id, name: configuration.memberName,
                                                             peerURLs: [configuration.peerURL],
                                                             clientURLs: [configuration.clientURL]))])
    }

    static func metaBucket(_ core: StoreCore) throws(BoltWriteError) -> BoltBucketContent {
        var entries: [(String, [UInt8])] = [("consistent_index", bigEndianBytes(core.appliedIndex))]
        if core.compactedRevision > 0 {
            let compacted = RevisionKey.encode(main: core.compactedRevision, sub: 0)
            entries.append(("finishedCompactRev", compacted))
            entries.append(("scheduledCompactRev", compacted))
        }
        return try small("meta", entries)
    }

    private static func small(_ name: String, _ entries: [(String, [UInt8])]) throws(BoltWriteError) -> BoltBucketContent {
        var bucket = BoltBucketContent(name: name)
        for (key, value) in entries.sorted(by: { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }) {
            try bucket.append(key: Array(key.utf8), value: value)
        }
        return bucket
    }
}
