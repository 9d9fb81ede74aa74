import EtcdModel
import ProtoWire

/// One stored revision of one key. A deletion carries only the key in etcd's record; its
/// revision comes from the bucket key and is filled in here.
public struct StoredRevision: Sendable, Equatable {
    public var revision: Revision
    public var isTombstone: Bool
    public var kv: KeyValue
}

extension MVCCStore {
    /// Every stored revision of `key`, oldest first, across deletions and re-creations (a new
    /// incarnation starts again at version 1 and has a new create revision). Revisions removed by
    /// compaction are gone; the newest one at or below the compaction revision remains.
    public func history(of key: [UInt8]) throws -> [StoredRevision] {
        var out: [StoredRevision] = []
        try forEachRevision(fromMain: 0) { r in
            guard MappedBytes.compare(r.userKey, key) == 0 else { return true }
            var kv: KeyValue
            do { kv = try KeyValue(decoding: WireReader(r.value)) } catch {
                throw EtcdOfflineError.badKeyValue(revision: r.revision.description, reason: "\(error)")
            }
            if r.isTombstone { kv.modRevision = r.revision.main }
            out.append(StoredRevision(revision: r.revision, isTombstone: r.isTombstone, kv: kv))
            return true
        }
        return out
    }
}
