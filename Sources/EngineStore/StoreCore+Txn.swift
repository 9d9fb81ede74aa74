import EtcdModel

/// The changes of one transaction, collected while it runs.
struct TxnChanges {
    let main: Int64
    /// (key id, index of the new revision in its record), in sub-revision order.
    var changed: [(id: Int32, revisionIndex: Int)] = []
    var nextSub: Int64 { Int64(changed.count) }
}

extension StoreCore {
    mutating func txn(_ request: KVTxnRequest) throws(KVStoreError) -> KVTxnResult {
        try validate(request.success)
        try validate(request.failure)
        var succeeded = true
        for compare in request.compares where !evaluate(compare) {
            succeeded = false
            break
        }
        let ops = succeeded ? request.success : request.failure
        try precheck(ops)
        if ops.contains(where: { if case .range = $0 { false } else { true } }) { appliedIndex += 1 }

        var changes = TxnChanges(main: currentRevision + 1)
        var results: [KVOpResult] = []
        results.reserveCapacity(ops.count)
        for op in ops {
            switch op {
            case .range(let r):
                // Reads inside a txn see the txn's own earlier writes, as in etcd.
                let at = r.revision > 0 ? r.revision : currentRevision + (changes.changed.isEmpty ? 0 : 1)
                var partial = rangeUnchecked(r, at: at)
                partial.revision = changes.main
                results.append(.range(partial))
            case .put(let p):
                results.append(.put(applyPut(p, &changes)))
            case .delete(let d):
                results.append(.delete(applyDelete(d, &changes)))
            }
        }
        let revision = commit(changes)
        for i in results.indices { results[i].setRevision(revision) }
        return KVTxnResult(revision: revision, succeeded: succeeded, results: results)
    }

    /// Makes the txn's changes the new revision and tells the watchers. Returns the head revision.
    mutating func commit(_ changes: TxnChanges) -> Int64 {
        guard !changes.changed.isEmpty else { return currentRevision }
        currentRevision = changes.main
        for (sub, change) in changes.changed.enumerated() {
            log.append(LogEntry(main: changes.main, sub: Int64(sub), keyID: change.id))
        }
        if !watchers.isEmpty { notifyWatchers(changes) }
        return currentRevision
    }

    /// etcd rejects a branch that writes one key twice (two puts, or a put inside a deleted range).
    private func validate(_ ops: [KVOp]) throws(KVStoreError) {
        if ops.count == 1 {
            // The common single-op txn cannot conflict with itself.
            switch ops[0] {
            case .put(let p): if p.key.isEmpty { throw .emptyKey }
            case .delete(let d): if d.key.isEmpty { throw .emptyKey }
            case .range(let r): if r.key.isEmpty { throw .emptyKey }
            }
            return
        }
        var puts = Set<HashedKey>()
        var deletes: [KeySpan] = []
        for op in ops {
            switch op {
            case .put(let p):
                guard !p.key.isEmpty else { throw .emptyKey }
                guard puts.insert(HashedKey(bytes: p.key)).inserted else { throw .duplicateKeyInTxn }
            case .delete(let d):
                guard !d.key.isEmpty else { throw .emptyKey }
                deletes.append(KeySpan(start: d.key, end: d.rangeEnd))
            case .range(let r):
                guard !r.key.isEmpty else { throw .emptyKey }
            }
        }
        for span in deletes where puts.contains(where: { span.contains($0.bytes) }) {
            throw .duplicateKeyInTxn
        }
    }

    /// Failures etcd reports before applying anything, so a txn never half-applies.
    private func precheck(_ ops: [KVOp]) throws(KVStoreError) {
        for op in ops {
            switch op {
            case .put(let p):
                if !p.ignoreLease && p.lease != 0 && leases[p.lease] == nil { throw .leaseNotFound(p.lease) }
                if p.ignoreValue || p.ignoreLease {
                    guard let id = index.id(of: p.key), index.records[Int(id)].live != nil else { throw .keyNotFound }
                }
            case .range(let r):
                try checkReadable(r.revision)
            case .delete:
                break
            }
        }
    }

    private mutating func evaluate(_ compare: KVCompare) -> Bool {
        let span = KeySpan(start: compare.key, end: compare.rangeEnd)
        var matched: [StoredRevision] = []
        if !span.isSingleKey { index.settle() }
        index.forEachID(in: span) { id in
            if let live = index.records[Int(id)].live { matched.append(live) }
            return true
        }
        if matched.isEmpty {
            // A missing key has no value to compare: etcd fails every value comparison on it.
            if case .value = compare.target { return false }
            return Self.compare(StoredRevision.tombstone(main: 0, sub: 0), compare)
        }
        return matched.allSatisfy { Self.compare($0, compare) }
    }

    private static func compare(_ r: StoredRevision, _ c: KVCompare) -> Bool {
        let order: Int
        switch c.target {
        case .version(let v): order = r.version < v ? -1 : (r.version > v ? 1 : 0)
        case .createRevision(let v): order = r.createRevision < v ? -1 : (r.createRevision > v ? 1 : 0)
        case .modRevision(let v): order = r.main < v ? -1 : (r.main > v ? 1 : 0)
        case .value(let v): order = compareBytes(r.value, v)
        case .lease(let v): order = r.lease < v ? -1 : (r.lease > v ? 1 : 0)
        }
        switch c.result {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .greater: return order > 0
        }
    }

    mutating func applyPut(_ p: KVPutRequest, _ changes: inout TxnChanges) -> KVPutResult {
        let id = index.id(of: p.key) ?? index.insert(p.key)
        let previous = index.records[Int(id)].live
        let lease = p.ignoreLease ? (previous?.lease ?? 0) : p.lease
        let revision = StoredRevision(
            main: changes.main, sub: changes.nextSub,
            createRevision: previous?.createRevision ?? changes.main,
            version: (previous?.version ?? 0) + 1,
            lease: lease,
            value: p.ignoreValue ? (previous?.value ?? []) : p.value)
        index.records[Int(id)].revisions.append(revision)
        changes.changed.append((id, index.records[Int(id)].revisions.count - 1))
        let oldLease = index.records[Int(id)].lease
        if oldLease != lease {
            if oldLease != 0 { leases[oldLease]?.keys.remove(id) }
            if lease != 0 { leases[lease]?.keys.insert(id) }
            index.records[Int(id)].lease = lease
        }
        return KVPutResult(revision: changes.main, prevKV: p.prevKV ? previous?.keyValue(key: p.key) : nil)
    }

    mutating func applyDelete(_ d: KVDeleteRequest, _ changes: inout TxnChanges) -> KVDeleteResult {
        let span = KeySpan(start: d.key, end: d.rangeEnd)
        if !span.isSingleKey { index.settle() }
        var targets: [Int32] = []
        index.forEachID(in: span) { id in
            if index.records[Int(id)].live != nil { targets.append(id) }
            return true
        }
        var prevKVs: [KeyValue] = []
        for id in targets {
            let previous = deleteKey(id, &changes)
            if d.prevKV, let previous { prevKVs.append(previous) }
        }
        return KVDeleteResult(revision: changes.main, deleted: Int64(targets.count), prevKVs: prevKVs)
    }

    /// Writes a tombstone for a live key and detaches its lease; returns the deleted value.
    @discardableResult
    mutating func deleteKey(_ id: Int32, _ changes: inout TxnChanges) -> KeyValue? {
        let i = Int(id)
        let previous = index.records[i].live?.keyValue(key: index.records[i].key)
        index.records[i].revisions.append(.tombstone(main: changes.main, sub: changes.nextSub))
        changes.changed.append((id, index.records[i].revisions.count - 1))
        let lease = index.records[i].lease
        if lease != 0 {
            leases[lease]?.keys.remove(id)
            index.records[i].lease = 0
        }
        return previous
    }
}

extension KVOpResult {
    mutating func setRevision(_ revision: Int64) {
        switch self {
        case .range(var r): r.revision = revision; self = .range(r)
        case .put(var p): p.revision = revision; self = .put(p)
        case .delete(var d): d.revision = revision; self = .delete(d)
        }
    }
}
