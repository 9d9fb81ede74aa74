import EtcdModel

extension StoreCore {
    mutating func range(_ request: KVRangeRequest) throws(KVStoreError) -> KVRangeResult {
        try checkReadable(request.revision)
        guard !request.key.isEmpty else { throw .emptyKey }
        return rangeUnchecked(request, at: request.revision > 0 ? request.revision : currentRevision)
    }

    /// A read at `revision`, which the caller has checked.
    mutating func rangeUnchecked(_ request: KVRangeRequest, at revision: Int64) -> KVRangeResult {
        let span = KeySpan(start: request.key, end: request.rangeEnd)
        if !span.isSingleKey { index.settle() }
        var result = KVRangeResult(revision: currentRevision)
        let limit = request.limit > 0 ? Int(request.limit) : Int.max
        var count = 0
        let records = index.records
        index.forEachID(in: span) { id in
            let record = records[Int(id)]
            guard let visible = record.visible(at: revision) else { return true }
            count += 1
            if !request.countOnly && result.kvs.count < limit {
                result.kvs.append(visible.keyValue(key: record.key, keysOnly: request.keysOnly))
            }
            return true
        }
        result.count = Int64(count)
        result.more = !request.countOnly && count > result.kvs.count
        return result
    }
}
