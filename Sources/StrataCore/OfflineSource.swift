import Bolt
import EtcdModel
import EtcdOffline
import Foundation

/// Reads an etcd snapshot file (`etcdctl snapshot save`; its SHA-256 trailer is verified), a
/// bbolt `db` file or a data dir (`member/snap/db`) without a running etcd, and answers range
/// reads the way etcd would at any revision from the compaction revision up.
///
/// A range read needs the live keys at a revision, which takes one pass over etcd's `key` bucket
/// (it is ordered by revision, not by key); the result is kept, so paging through a range costs
/// one pass, not one per page. No lock is taken on the file: a db that a running etcd holds can
/// be read, but may change underneath; the reader validates the meta page it picked and fails
/// with a page error rather than crash if the tree moves.
public final class OfflineSource: KeyValueSource, HistorySource, @unchecked Sendable {
    public struct Options: Sendable {
        /// Read leaf pages directly instead of the tree (damaged files); see `SalvagedStore`.
        public var salvage: Bool
        /// Open a snapshot whose SHA-256 trailer does not match (reported by `trailer`).
        public var ignoreChecksum: Bool
        public init(salvage: Bool = false, ignoreChecksum: Bool = false) {
            self.salvage = salvage
            self.ignoreChecksum = ignoreChecksum
        }
    }

    public let path: String
    public let store: any MVCCStore
    private let lock = NSLock()
    private var cached: Keyspace?

    public convenience init(path: String) throws {
        try self.init(path: path, options: Options())
    }

    public init(path: String, options: Options) throws {
        self.path = path
        do {
            if options.salvage {
                store = try SalvagedStore(path: path)
            } else {
                let policy: BoltDatabase.Options.TrailerPolicy = options.ignoreChecksum ? .report : .verify
                store = try EtcdStore(path: path, options: .init(trailer: policy, releasePagesAfterWalk: true))
            }
        } catch let e as BoltError {
            throw CommandFailure("\(path): \(e.description)")
        } catch let e as EtcdOfflineError {
            throw CommandFailure("\(path): \(e.description)")
        }
    }

    public var sourceDescription: String { "snapshot \(path)" }

    /// The live keys at `revision` (0 = latest), built once and reused while the same revision is asked for.
    public func keyspace(at revision: Int64) throws -> Keyspace {
        let at = try wrap { try store.resolve(revision: revision) }
        lock.lock()
        defer { lock.unlock() }
        if let k = cached, k.revision == at { return k }
        let k = try wrap { try Keyspace.build(store, at: at) }
        cached = k
        return k
    }

    public func range(_ query: RangeQuery) async throws -> RangePage {
        let keyspace = try keyspace(at: query.revision)
        let indices = keyspace.indices(key: query.key, rangeEnd: query.rangeEnd)
        var kvs: [KeyValue] = []
        var more = false
        if !query.countOnly {
            var selected = indices
            if query.limit > 0 && Int64(indices.count) > query.limit {
                selected = indices.lowerBound..<(indices.lowerBound + Int(query.limit))
                more = true
            }
            kvs.reserveCapacity(selected.count)
            for i in selected {
                var kv = try wrap { try keyspace.keyValue(at: i) }
                if query.keysOnly { kv.value = [] }
                kvs.append(kv)
            }
        }
        // Like etcd, the header carries the store's current revision, not the one read at.
        return RangePage(kvs: kvs, more: more, count: Int64(indices.count), revision: store.currentRevision)
    }

    public func history(key: [UInt8]) async throws -> [KeyValueRevision] {
        try wrap { try store.history(of: key) }.map {
            KeyValueRevision(kv: $0.kv, modRevision: $0.revision.main, subRevision: $0.revision.sub, isDeletion: $0.isTombstone)
        }
    }

    public var currentRevision: Int64 { store.currentRevision }
    public var compactRevision: Int64 { store.compaction.effectiveRevision }

    /// Turns the reader's errors into one-line command failures naming the file.
    public func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as BoltError {
            throw CommandFailure("\(path): \(e.description)")
        } catch let e as EtcdOfflineError {
            throw CommandFailure("\(path): \(e.description)")
        }
    }
}
