/// etcd's HashKV (`etcdctl endpoint hashkv`): CRC-32C over the bucket name `key`, then the raw
/// bucket key and value of every record up to the revision. Records at or below the compaction
/// revision count only if a compaction at the hashed revision would keep them, i.e. they are the
/// newest record of their key up to that revision and not a deletion (etcd's `kvindex.Keep`).
public struct HashKVResult: Sendable, Equatable {
    public var hash: UInt32
    public var revision: Int64
    public var compactRevision: Int64

    public init(hash: UInt32, revision: Int64, compactRevision: Int64) {
        self.hash = hash
        self.revision = revision
        self.compactRevision = compactRevision
    }
}

extension MVCCStore {
    public func hashKV(revision requested: Int64 = 0) throws -> HashKVResult {
        let compact = compaction.effectiveRevision
        if requested > 0 && requested <= compact {
            throw EtcdOfflineError.compacted(requested: requested, compactRevision: compact)
        }
        if requested > currentRevision {
            throw EtcdOfflineError.futureRevision(requested: requested, currentRevision: currentRevision)
        }
        let at = requested > 0 ? requested : currentRevision

        // Which records at or below the compaction revision survive: the newest per key up to `at`.
        let arena = KeyArena()
        var newest: [MappedBytes: (Revision, Bool)] = [:]
        var anyKept = false
        if compact > 0 {
            try forEachRevision(fromMain: 0) { r in
                guard r.revision.main <= at else { return false }
                let k = MappedBytes(bytes: r.userKey)
                if newest[k] != nil {
                    newest[k] = (r.revision, r.isTombstone)
                } else {
                    newest[MappedBytes(bytes: arena.copy(r.userKey))] = (r.revision, r.isTombstone)
                }
                return true
            }
            anyKept = newest.values.contains { !$0.1 }
        }

        var crc = CRC32C()
        crc.update(Array("key".utf8))
        try forEachRevision(fromMain: 0) { r in
            guard r.revision.main <= at else { return false }
            if r.revision.main <= compact && anyKept {
                guard let (rev, tomb) = newest[MappedBytes(bytes: r.userKey)], rev == r.revision, !tomb else { return true }
            }
            crc.update(r.bucketKey)
            crc.update(r.value)
            return true
        }
        return HashKVResult(hash: crc.value, revision: currentRevision, compactRevision: compaction.reportedRevision)
    }
}
