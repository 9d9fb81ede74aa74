import EtcdClient
import EtcdModel

/// A live etcd's history of one key, from a watch started at the oldest revision etcd still
/// keeps: the events replay every put and delete, across deletions and re-creations. etcd sends
/// the stored events at once, so the history is complete when the key's current mod revision
/// arrives (or, for a key that is deleted now, when the stream has been quiet for a moment).
extension LiveSource: HistorySource {
    public func history(key: [UInt8]) async throws -> [KeyValueRevision] {
        let now = try await etcd.range(RangeRequest(key: key))
        let latest = now.kvs.first?.modRevision
        var start: Int64 = 1
        for _ in 0..<4 {
            do {
                return try await replay(key: key, from: start, through: now.header.revision, latest: latest)
            } catch let e as EtcdError where e.kind == .compacted && e.compactRevision > start {
                start = e.compactRevision
            }
        }
        throw CommandFailure("etcd kept compacting while the history of \(String(decoding: key, as: UTF8.self)) was read")
    }

    private func replay(key: [UInt8], from start: Int64, through revision: Int64, latest: Int64?) async throws -> [KeyValueRevision] {
        let stream = etcd.watchStream(WatchCreateRequest(key: key, startRevision: start))
        var out: [KeyValueRevision] = []
        var iterator = stream.makeAsyncIterator()
        while true {
            // Nothing new for a while after the created response: the replay is over.
            guard let response = try await nextOrQuiet(&iterator, quietMilliseconds: latest == nil ? 300 : 5_000) else { break }
            var done = false
            for event in response.events where event.kv.key == key && event.kv.modRevision <= revision {
                out.append(KeyValueRevision(kv: event.kv, modRevision: event.kv.modRevision, isDeletion: event.type == .delete))
                if let latest, event.kv.modRevision >= latest { done = true }
            }
            if done || response.header.revision > revision && response.events.contains(where: { $0.kv.modRevision > revision }) { break }
        }
        return out
    }

    private func nextOrQuiet(_ iterator: inout AsyncThrowingStream<WatchResponse, Error>.AsyncIterator,
                             quietMilliseconds: Int) async throws -> WatchResponse? {
        let box = IteratorBox(iterator)
        defer { iterator = box.iterator }
        return try await withThrowingTaskGroup(of: WatchResponse?.self) { group in
            group.addTask { try await box.next() }
            group.addTask {
                try await Task.sleep(for: .milliseconds(quietMilliseconds))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}

/// Lets a child task advance the watch iterator (iterators are not Sendable).
private final class IteratorBox: @unchecked Sendable {
    var iterator: AsyncThrowingStream<WatchResponse, Error>.AsyncIterator
    init(_ iterator: AsyncThrowingStream<WatchResponse, Error>.AsyncIterator) { self.iterator = iterator }
    func next() async throws -> WatchResponse? { try await iterator.next() }
}
