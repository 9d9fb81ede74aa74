import EtcdModel
import ProtoWire

/// The live keys at one revision, sorted by key. Built by one pass over the `key` bucket up to
/// that revision (the bucket is ordered by revision, not by key, so there is no shortcut); keeps
/// only offsets into the mapping, not copies.
public final class Keyspace: @unchecked Sendable {
    public struct Entry {
        public let userKey: UnsafeRawBufferPointer
        public let value: UnsafeRawBufferPointer
        public let revision: Revision
    }

    public let revision: Int64
    public let entries: [Entry]
    /// Keeps the mapping (or salvage arena) alive while values point into it.
    let owner: AnyObject
    /// Holds the keys (see `KeyArena` for why they are copied).
    let keys: KeyArena

    init(revision: Int64, entries: [Entry], owner: AnyObject, keys: KeyArena) {
        self.revision = revision
        self.entries = entries
        self.owner = owner
        self.keys = keys
    }

    /// The live keys of `store` at `revision` (0 = current), checked against the compaction.
    public static func build(_ store: some MVCCStore, at revision: Int64 = 0) throws -> Keyspace {
        let at = try store.resolve(revision: revision)
        let arena = KeyArena()
        var slot: [MappedBytes: Int] = [:]
        var all: [Entry] = []
        var deleted: [Bool] = []
        try store.forEachRevision(fromMain: 0) { r in
            guard r.revision.main <= at else { return false }
            if let i = slot[MappedBytes(bytes: r.userKey)] {
                all[i] = Entry(userKey: all[i].userKey, value: r.value, revision: r.revision)
                deleted[i] = r.isTombstone
            } else {
                let key = arena.copy(r.userKey)
                slot[MappedBytes(bytes: key)] = all.count
                all.append(Entry(userKey: key, value: r.value, revision: r.revision))
                deleted.append(r.isTombstone)
            }
            return true
        }
        slot = [:]
        var live: [Entry] = []
        live.reserveCapacity(all.count)
        for (i, e) in all.enumerated() where !deleted[i] { live.append(e) }
        all = []
        live.sort { MappedBytes.compare($0.userKey, $1.userKey) < 0 }
        return Keyspace(revision: at, entries: live, owner: store, keys: arena)
    }

    /// Indices of the keys etcd's Range selects: exactly `key` when `rangeEnd` is nil, every key
    /// ≥ `key` when `rangeEnd` is `[0]`, otherwise [key, rangeEnd).
    public func indices(key: [UInt8], rangeEnd: [UInt8]?) -> Range<Int> {
        let start = lowerBound(key)
        guard let end = rangeEnd else {
            if start < entries.count, MappedBytes.compare(entries[start].userKey, key) == 0 { return start..<(start + 1) }
            return start..<start
        }
        if end == [0] { return start..<entries.count }
        let stop = lowerBound(end)
        return start..<max(start, stop)
    }

    /// The first index whose key is ≥ `key`.
    public func lowerBound(_ key: [UInt8]) -> Int {
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if MappedBytes.compare(entries[mid].userKey, key) < 0 { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Decodes the record at `index` (a copy: callers keep it).
    public func keyValue(at index: Int) throws -> KeyValue {
        let e = entries[index]
        do {
            return try KeyValue(decoding: WireReader(e.value))
        } catch {
            throw EtcdOfflineError.badKeyValue(revision: e.revision.description, reason: "\(error)")
        }
    }
}
