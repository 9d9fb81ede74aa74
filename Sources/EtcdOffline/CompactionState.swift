/// What the `meta` bucket says about compaction. `scheduled` > `finished` means a compaction was
/// interrupted; etcd finishes it at start-up, so the effective compaction revision is the larger.
public struct CompactionState: Sendable, Equatable {
    public var scheduled: Int64?
    public var finished: Int64?
    public var consistentIndex: UInt64?

    public var effectiveRevision: Int64 { max(scheduled ?? 0, finished ?? 0) }
    /// What etcd reports as the compact revision (HashKV): -1 when it never compacted.
    public var reportedRevision: Int64 { scheduled == nil && finished == nil ? -1 : effectiveRevision }
    public var isInterrupted: Bool { (scheduled ?? 0) > (finished ?? 0) }
}
