/// A granted lease. `deadline` is on the store clock's nanosecond scale.
struct LeaseRecord {
    var id: Int64
    var ttl: Int64
    var deadline: Int64
    var keys: Set<Int32> = []
}

extension StoreCore {
    /// etcd's MaxLeaseTTL.
    static let maximumLeaseTTL: Int64 = 9_000_000_000

    mutating func leaseGrant(ttl: Int64, id requested: Int64, now: Int64) throws(KVStoreError) -> KVLease {
        guard ttl <= Self.maximumLeaseTTL else { throw .leaseTTLTooLarge(ttl) }
        var id = requested
        if id == 0 {
            repeat {
                leaseSerial += 1
                id = settings.leaseIDPrefix | leaseSerial
            } while leases[id] != nil
        } else if leases[id] != nil {
            throw .leaseExists(id)
        }
        let effective = max(ttl, settings.minimumLeaseTTL)
        let deadline = Self.deadline(now: now, ttl: effective)
        leases[id] = LeaseRecord(id: id, ttl: effective, deadline: deadline)
        nextLeaseDeadline = min(nextLeaseDeadline, deadline)
        appliedIndex += 1
        return KVLease(id: id, ttl: effective, revision: currentRevision)
    }

    mutating func leaseKeepAlive(_ id: Int64, now: Int64) throws(KVStoreError) -> Int64 {
        guard var lease = leases[id] else { throw .leaseNotFound(id) }
        lease.deadline = Self.deadline(now: now, ttl: lease.ttl)
        leases[id] = lease
        nextLeaseDeadline = min(nextLeaseDeadline, lease.deadline)
        return lease.ttl
    }

    /// Deletes the lease's keys in key order, all in one new revision (none if it had no keys).
    mutating func leaseRevoke(_ id: Int64) throws(KVStoreError) -> KVRevokeResult {
        guard let lease = leases.removeValue(forKey: id) else { throw .leaseNotFound(id) }
        appliedIndex += 1
        let records = index.records
        let ordered = lease.keys.sorted { compareBytes(records[Int($0)].key, records[Int($1)].key) < 0 }
        var changes = TxnChanges(main: currentRevision + 1)
        for key in ordered where index.records[Int(key)].live != nil {
            deleteKey(key, &changes)
        }
        let revision = commit(changes)
        if lease.deadline == nextLeaseDeadline { recomputeNextDeadline() }
        return KVRevokeResult(revision: revision, deletedKeys: Int64(changes.changed.count))
    }

    /// Revokes every lease whose deadline has passed, earliest first (ties by id).
    mutating func expireLeases(now: Int64) -> [Int64] {
        guard now >= nextLeaseDeadline else { return [] }
        let due = leases.values.filter { $0.deadline <= now }.sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
        for lease in due { _ = try? leaseRevoke(lease.id) }
        recomputeNextDeadline()
        return due.map(\.id)
    }

    func leaseStatus(_ id: Int64, now: Int64) throws(KVStoreError) -> KVLeaseStatus {
        guard let lease = leases[id] else { throw .leaseNotFound(id) }
        let left = max(0, lease.deadline - now)
        let keys = lease.keys.map { index.records[Int($0)].key }.sorted { compareBytes($0, $1) < 0 }
        return KVLeaseStatus(id: id, grantedTTL: lease.ttl, remainingTTL: (left + 999_999_999) / 1_000_000_000, keys: keys)
    }

    mutating func recomputeNextDeadline() {
        nextLeaseDeadline = leases.values.reduce(Int64.max) { min($0, $1.deadline) }
    }

    static func deadline(now: Int64, ttl: Int64) -> Int64 {
        let span = ttl.multipliedReportingOverflow(by: 1_000_000_000)
        if span.overflow { return .max }
        let sum = now.addingReportingOverflow(span.partialValue)
        return sum.overflow ? .max : sum.partialValue
    }
}
