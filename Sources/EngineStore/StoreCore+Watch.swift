import EtcdModel

struct Watcher {
    let request: KVWatchRequest
    let span: KeySpan
    let continuation: AsyncStream<KVWatchResponse>.Continuation
}

extension StoreCore {
    /// Registers a watcher after replaying history from its start revision, all under the lock,
    /// so no revision is missed or sent twice. Returns nil when the watch was refused (compacted).
    mutating func addWatcher(_ request: KVWatchRequest, _ continuation: AsyncStream<KVWatchResponse>.Continuation) -> Int? {
        let span = KeySpan(start: request.key, end: request.rangeEnd)
        if request.startRevision > 0 && request.startRevision < compactedRevision {
            continuation.yield(KVWatchResponse(revision: currentRevision, compactRevision: compactedRevision, canceled: true))
            continuation.finish()
            return nil
        }
        let watcher = Watcher(request: request, span: span, continuation: continuation)
        if request.startRevision > 0 && request.startRevision <= currentRevision {
            replay(to: watcher, from: request.startRevision)
        }
        nextWatcherID += 1
        watchers[nextWatcherID] = watcher
        return nextWatcherID
    }

    private func replay(to watcher: Watcher, from start: Int64) {
        var lo = 0, hi = log.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if log[mid].main < start { lo = mid + 1 } else { hi = mid }
        }
        var i = lo
        while i < log.count {
            let main = log[i].main
            var events: [KVEvent] = []
            while i < log.count && log[i].main == main {
                let entry = log[i]
                let record = index.records[Int(entry.keyID)]
                if watcher.span.contains(record.key), let at = record.index(main: entry.main, sub: entry.sub),
                   let event = makeEvent(record, revisionIndex: at, watcher.request) {
                    events.append(event)
                }
                i += 1
            }
            if !events.isEmpty { watcher.continuation.yield(KVWatchResponse(revision: main, events: events)) }
        }
    }

    mutating func notifyWatchers(_ changes: TxnChanges) {
        var gone: [Int] = []
        for (id, watcher) in watchers {
            // A watch may start at a revision still ahead of the store.
            if changes.main < watcher.request.startRevision { continue }
            var events: [KVEvent] = []
            for change in changes.changed {
                let record = index.records[Int(change.id)]
                if watcher.span.contains(record.key),
                   let event = makeEvent(record, revisionIndex: change.revisionIndex, watcher.request) {
                    events.append(event)
                }
            }
            if events.isEmpty { continue }
            if case .terminated = watcher.continuation.yield(KVWatchResponse(revision: changes.main, events: events)) {
                gone.append(id)
            }
        }
        for id in gone { watchers[id] = nil }
    }

    mutating func removeWatcher(_ id: Int) {
        watchers[id] = nil
    }

    /// The event for revision `revisionIndex` of a key, or nil if the watcher filters it out.
    private func makeEvent(_ record: KeyRecord, revisionIndex: Int, _ request: KVWatchRequest) -> KVEvent? {
        let revision = record.revisions[revisionIndex]
        let kind: KVEvent.Kind = revision.isTombstone ? .delete : .put
        if kind == .put && request.filterPuts { return nil }
        if kind == .delete && request.filterDeletes { return nil }
        let kv = revision.isTombstone ? KeyValue(key: record.key, modRevision: revision.main) : revision.keyValue(key: record.key)
        var prev: KeyValue?
        // etcd reads the previous value at mod-1, which is unavailable below the compaction point.
        if request.prevKV, revisionIndex > 0, revision.main - 1 >= compactedRevision {
            let before = record.revisions[revisionIndex - 1]
            if !before.isTombstone { prev = before.keyValue(key: record.key) }
        }
        return KVEvent(kind: kind, kv: kv, prevKV: prev)
    }
}
