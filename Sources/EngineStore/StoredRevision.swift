import EtcdModel

/// One revision of one key as the store keeps it. A tombstone has version 0.
struct StoredRevision {
    var main: Int64
    var sub: Int64
    var createRevision: Int64
    var version: Int64
    var lease: Int64
    var value: [UInt8]

    var isTombstone: Bool { version == 0 }

    static func tombstone(main: Int64, sub: Int64) -> StoredRevision {
        StoredRevision(main: main, sub: sub, createRevision: 0, version: 0, lease: 0, value: [])
    }

    func keyValue(key: [UInt8], keysOnly: Bool = false) -> KeyValue {
        KeyValue(key: key, createRevision: createRevision, modRevision: main, version: version,
                 value: keysOnly ? [] : value, lease: lease)
    }
}

/// A user key and its history, oldest first.
struct KeyRecord {
    var key: [UInt8]
    var revisions: [StoredRevision]
    /// The lease the live key is attached to (0: none).
    var lease: Int64 = 0

    var live: StoredRevision? {
        guard let last = revisions.last, !last.isTombstone else { return nil }
        return last
    }

    /// The key's state at `revision`: the newest revision at or below it, unless that is a tombstone.
    func visible(at revision: Int64) -> StoredRevision? {
        var i = revisions.count - 1
        while i >= 0 {
            let r = revisions[i]
            if r.main <= revision { return r.isTombstone ? nil : r }
            i -= 1
        }
        return nil
    }

    /// Index of the revision (main, sub), by binary search.
    func index(main: Int64, sub: Int64) -> Int? {
        var lo = 0, hi = revisions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let r = revisions[mid]
            if r.main < main || (r.main == main && r.sub < sub) { lo = mid + 1 } else { hi = mid }
        }
        guard lo < revisions.count, revisions[lo].main == main, revisions[lo].sub == sub else { return nil }
        return lo
    }
}

/// One change in revision order: which key changed at (main, sub).
struct LogEntry {
    var main: Int64
    var sub: Int64
    var keyID: Int32
}
