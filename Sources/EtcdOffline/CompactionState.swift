/// What the `meta` bucket says about compaction. `scheduled` > `finished` means a compaction was
/// interrupted; etcd finishes it at start-up, so the effective compaction revision is the larger.
public struct CompactionState: Sendable, Equatable {
    public var scheduled: Int64?
    public var finished: Int64?
    public var consistentIndex: UInt64?

    public var effectiveRevision: Int64 { max(scheduled ?? 0, finished ?? 0) }
    public var isInterrupted: Bool { (scheduled ?? 0) > (finished ?? 0) }
}
