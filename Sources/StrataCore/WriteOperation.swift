import EtcdModel

/// `put` and `delete` as guarded transactions: the guard and the write go to etcd in one txn,
/// so a concurrent change between reading and writing is detected by etcd, not by us.
public enum WriteOperation {
    public struct PutResult: Sendable, Equatable {
        public var key: [UInt8]
        /// The revision that the put created (the key's new mod revision).
        public var revision: Int64
        /// True when a previous value was replaced.
        public var replaced: Bool
    }

    /// Writes `value` under `key` if `guard` holds; throws a `CommandFailure` naming the
    /// conflicting revision otherwise.
    public static func put(_ etcd: any LiveEtcd, key: [UInt8], value: [UInt8], guard writeGuard: WriteGuard) async throws -> PutResult {
        let put = PutRequest(key: key, value: value, prevKV: true)
        let txn = TxnRequest(compare: writeGuard.compares(for: key),
                             success: [.put(put)],
                             failure: [.range(RangeRequest(key: key))])
        let response = try await etcd.txn(txn)
        guard response.succeeded else {
            throw CommandFailure(writeGuard.conflictMessage(key: text(key), current: currentValue(response)))
        }
        var replaced = false
        if case .put(let p)? = response.responses.first { replaced = p.prevKV != nil }
        return PutResult(key: key, revision: response.header.revision, replaced: replaced)
    }

    /// `put KEY FILE`: encodes `document` with `codec` and writes it under the guard. When a
    /// version may be replaced, the current value is read first so the codec can keep its form
    /// (a plain-text value such as `compact_rev_key` stays text).
    public static func putDocument(_ etcd: any LiveEtcd, key: [UInt8], document: [UInt8], codec: any StoredValueCodec,
                                   guard writeGuard: WriteGuard) async throws -> PutResult {
        var existing: [UInt8]?
        if writeGuard != .createOnly {
            existing = try await etcd.range(RangeRequest(key: key)).kvs.first?.value
        }
        let value: [UInt8]
        do {
            value = try codec.storedValue(fromDocument: document, key: key, existing: existing)
        } catch {
            throw CommandFailure("cannot encode the document for \(text(key)): \(error) (--raw stores the bytes as they are); nothing was written")
        }
        return try await put(etcd, key: key, value: value, guard: writeGuard)
    }

    public struct DeleteResult: Sendable, Equatable {
        public var deleted: Int64
        public var revision: Int64
    }

    /// Deletes one key (guarded by `--if-mod-revision` when given) or, with `rangeEnd`, a range;
    /// range deletes must be forced because nothing can guard every key at once.
    public static func delete(_ etcd: any LiveEtcd, target: KeyTarget, guard writeGuard: WriteGuard) async throws -> DeleteResult {
        if target.isPrefix {
            guard writeGuard == .force else {
                throw CommandFailure("deleting every key under \(target.keyString) needs --force")
            }
            let r = try await etcd.deleteRange(DeleteRangeRequest(key: target.key, rangeEnd: target.rangeEnd ?? []))
            return DeleteResult(deleted: r.deleted, revision: r.header.revision)
        }
        var compares = writeGuard.compares(for: target.key)
        if writeGuard == .createOnly || writeGuard == .force {
            // A plain delete of one key: only require that it exists, so "not found" is reported.
            compares = [Compare(key: target.key, .greater, .createRevision(0))]
        }
        let txn = TxnRequest(compare: compares,
                             success: [.deleteRange(DeleteRangeRequest(key: target.key))],
                             failure: [.range(RangeRequest(key: target.key))])
        let response = try await etcd.txn(txn)
        guard response.succeeded else {
            let current = currentValue(response)
            if current == nil, case .modRevision = writeGuard {
                throw CommandFailure(writeGuard.conflictMessage(key: target.keyString, current: nil))
            }
            if current == nil { throw CommandFailure("key not found: \(target.keyString)") }
            throw CommandFailure(writeGuard.conflictMessage(key: target.keyString, current: current))
        }
        var deleted: Int64 = 0
        if case .deleteRange(let d)? = response.responses.first { deleted = d.deleted }
        return DeleteResult(deleted: deleted, revision: response.header.revision)
    }

    /// The key's value as the failure branch read it.
    static func currentValue(_ response: TxnResponse) -> KeyValue? {
        if case .range(let r)? = response.responses.first { return r.kvs.first }
        return nil
    }

    static func text(_ key: [UInt8]) -> String { String(decoding: key, as: UTF8.self) }
}
