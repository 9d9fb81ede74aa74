extension StoreCore {
    /// etcd's compaction: below and at `revision`, each key keeps only its newest revision, and
    /// not even that if it is a tombstone. Later revisions are untouched.
    mutating func compact(_ revision: Int64) throws(KVStoreError) -> Int64 {
        if revision <= compactedRevision { throw .compacted(compactRevision: compactedRevision) }
        if revision > currentRevision { throw .futureRevision(requested: revision, current: currentRevision) }
        appliedIndex += 1
        compactedRevision = revision
        // For each key id: the (main, sub) of the old revision it keeps, if any.
        var keptOld = [(main: Int64, sub: Int64)?](repeating: nil, count: index.records.count)
        var anyEmptied = false
        for i in index.records.indices where !index.records[i].revisions.isEmpty {
            let revisions = index.records[i].revisions
            // The newest revision at or below the compaction point.
            var newestOld = -1
            for (j, r) in revisions.enumerated() {
                if r.main <= revision { newestOld = j } else { break }
            }
            guard newestOld >= 0 else { continue }
            let keepFrom = revisions[newestOld].isTombstone ? newestOld + 1 : newestOld
            if keepFrom > 0 {
                index.records[i].revisions.removeFirst(keepFrom)
                if index.records[i].revisions.isEmpty { anyEmptied = true }
            }
            if !revisions[newestOld].isTombstone {
                keptOld[i] = (revisions[newestOld].main, revisions[newestOld].sub)
            }
        }
        log.removeAll { entry in
            guard entry.main <= revision else { return false }
            guard let kept = keptOld[Int(entry.keyID)] else { return true }
            return kept.main != entry.main || kept.sub != entry.sub
        }
        if anyEmptied { index.dropEmptyRecords() }
        return currentRevision
    }
}
