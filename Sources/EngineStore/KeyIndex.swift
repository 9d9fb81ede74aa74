/// The keys of the store: records addressed by a stable id, a hash map from key to id, and the
/// ids in key order. New keys land in `pending` and are merged into `sorted` in one batch the
/// next time an ordered scan needs them, so a burst of creates costs no per-insert shifting.
struct KeyIndex {
    var records: [KeyRecord] = []
    private var idByKey: [HashedKey: Int32] = [:]
    private var sorted: [Int32] = []
    private var pending: [Int32] = []
    private var freeIDs: [Int32] = []

    var count: Int { idByKey.count }

    func id(of key: [UInt8]) -> Int32? { idByKey[HashedKey(bytes: key)] }

    mutating func insert(_ key: [UInt8]) -> Int32 {
        let record = KeyRecord(key: key, revisions: [])
        let id: Int32
        if let reused = freeIDs.popLast() {
            id = reused
            records[Int(id)] = record
        } else {
            id = Int32(records.count)
            records.append(record)
        }
        idByKey[HashedKey(bytes: key)] = id
        // Keys created in increasing order (the common bulk-load case) go straight to the end.
        if pending.isEmpty, let last = sorted.last {
            if compareBytes(records[Int(last)].key, key) < 0 { sorted.append(id) } else { pending.append(id) }
        } else if sorted.isEmpty && pending.isEmpty {
            sorted.append(id)
        } else {
            pending.append(id)
        }
        return id
    }

    /// Merges pending keys into the ordered list.
    mutating func settle() {
        guard !pending.isEmpty else { return }
        let recs = records
        pending.sort { compareBytes(recs[Int($0)].key, recs[Int($1)].key) < 0 }
        var merged: [Int32] = []
        merged.reserveCapacity(sorted.count + pending.count)
        var i = 0, j = 0
        while i < sorted.count && j < pending.count {
            if compareBytes(recs[Int(sorted[i])].key, recs[Int(pending[j])].key) < 0 {
                merged.append(sorted[i]); i += 1
            } else {
                merged.append(pending[j]); j += 1
            }
        }
        merged.append(contentsOf: sorted[i...])
        merged.append(contentsOf: pending[j...])
        sorted = merged
        pending.removeAll(keepingCapacity: true)
    }

    /// Ids of the keys in the span, in key order. Call `settle()` first for multi-key spans.
    func forEachID(in span: KeySpan, _ body: (Int32) throws -> Bool) rethrows {
        if span.isSingleKey {
            if let id = id(of: span.start) { _ = try body(id) }
            return
        }
        precondition(pending.isEmpty, "KeyIndex.settle() must run before an ordered scan")
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if compareBytes(records[Int(sorted[mid])].key, span.start) < 0 { lo = mid + 1 } else { hi = mid }
        }
        var i = lo
        while i < sorted.count {
            let id = sorted[i]
            if span.isBeyond(records[Int(id)].key) { return }
            if try !body(id) { return }
            i += 1
        }
    }

    /// All ids in key order.
    mutating func orderedIDs() -> [Int32] {
        settle()
        return sorted
    }

    /// Forgets keys whose history is empty (after a compaction) and recycles their ids.
    mutating func dropEmptyRecords() {
        settle()
        var kept: [Int32] = []
        kept.reserveCapacity(sorted.count)
        for id in sorted {
            if records[Int(id)].revisions.isEmpty {
                idByKey[HashedKey(bytes: records[Int(id)].key)] = nil
                records[Int(id)] = KeyRecord(key: [], revisions: [])
                freeIDs.append(id)
            } else {
                kept.append(id)
            }
        }
        sorted = kept
    }
}
