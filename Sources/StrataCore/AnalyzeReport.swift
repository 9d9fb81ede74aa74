/// What `strata analyze` reports. Fields that need every stored revision (history sizes,
/// tombstones, compaction, file size) are nil when the source only has the live keys.
public struct AnalyzeReport: Sendable, Encodable {
    public struct GroupStat: Sendable, Encodable {
        public var group: String
        public var keys = 0
        /// Key plus value bytes of the live keys.
        public var bytes = 0
        public var revisions: Int?
        public var revisionBytes: Int?
    }

    public struct KindStat: Sendable, Encodable {
        public var apiVersion: String
        public var kind: String
        public var objects = 0
        public var bytes = 0
    }

    public struct ObjectStat: Sendable, Encodable {
        public var key: String
        public var bytes: Int
        public var apiVersion: String?
        public var kind: String?
        public var modRevision: Int64?
        public var revisions: Int?
    }

    public var source: String
    public var revision: Int64
    public var compactRevision: Int64?
    public var compactionInterrupted: Bool?
    public var databaseBytes: Int?
    /// Key plus value bytes of the live keys: what a defragmented database would roughly need.
    public var liveBytes = 0
    public var liveKeys = 0
    public var revisions: Int?
    public var tombstones: Int?
    public var allRevisionBytes: Int?
    public var leases: Int?
    public var encodings: [String: Int] = [:]
    public var groups: [GroupStat] = []
    public var kinds: [KindStat] = []
    public var largestObjects: [ObjectStat] = []
    /// Keys by the summed size of every stored revision (the history that compaction would free).
    public var largestHistories: [ObjectStat]?
}
