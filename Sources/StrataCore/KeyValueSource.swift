import EtcdModel

/// One range read: exact key when `rangeEnd` is nil, otherwise the half-open range [key, rangeEnd)
/// (etcd's convention: a prefix P reads [P, P+1)).
public struct RangeQuery: Sendable, Equatable {
    public var key: [UInt8]
    public var rangeEnd: [UInt8]?
    /// 0 = the latest revision.
    public var revision: Int64
    /// 0 = no limit.
    public var limit: Int64
    public var keysOnly: Bool
    public var countOnly: Bool

    public init(key: [UInt8], rangeEnd: [UInt8]? = nil, revision: Int64 = 0, limit: Int64 = 0,
                keysOnly: Bool = false, countOnly: Bool = false) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.revision = revision
        self.limit = limit
        self.keysOnly = keysOnly
        self.countOnly = countOnly
    }

    /// The range end that selects every key starting with `prefix` (etcd's `GetPrefixRangeEnd`).
    public static func prefixEnd(_ prefix: [UInt8]) -> [UInt8] {
        KeyRange.prefixEnd(prefix)
    }

    public static func prefix(_ prefix: [UInt8], revision: Int64 = 0) -> RangeQuery {
        RangeQuery(key: prefix, rangeEnd: prefixEnd(prefix), revision: revision)
    }
}

/// One page of a range read.
public struct RangePage: Sendable {
    public var kvs: [KeyValue]
    public var more: Bool
    /// Total number of keys in the range (not just this page).
    public var count: Int64
    /// The store revision the page was read at (etcd's header revision).
    public var revision: Int64

    public init(kvs: [KeyValue], more: Bool, count: Int64, revision: Int64) {
        self.kvs = kvs
        self.more = more
        self.count = count
        self.revision = revision
    }
}

/// Where keys come from: a live etcd (gRPC or gateway) or a snapshot / data dir read offline.
/// Commands are written once against this protocol.
public protocol KeyValueSource: Sendable {
    /// A short description for messages ("etcd at https://127.0.0.1:2379", "snapshot backup.db").
    var sourceDescription: String { get }
    func range(_ query: RangeQuery) async throws -> RangePage
}

extension KeyValueSource {
    /// Reads a whole range in pages of `pageSize`, all at the revision of the first page, so the
    /// listing is consistent; calls `body` for each key in order.
    public func scan(_ query: RangeQuery, pageSize: Int64 = 500,
                     _ body: (KeyValue) throws -> Void) async throws -> (revision: Int64, count: Int64) {
        var q = query
        let wanted = query.limit
        var seen: Int64 = 0
        var revision = query.revision
        var total: Int64 = 0
        q.limit = wanted > 0 ? min(pageSize, wanted) : pageSize
        // The next page is requested before this one is decoded and printed, so etcd reads while
        // we decode (a pinned revision makes the early request return the same data).
        var prefetch: Task<RangePage, any Error>?
        defer { prefetch?.cancel() }
        var page = try await range(q)
        while true {
            if revision == 0 { revision = page.revision }
            if total == 0 { total = page.count }
            seen += Int64(page.kvs.count)
            var next: RangeQuery?
            if page.more, let last = page.kvs.last, q.rangeEnd != nil, !(wanted > 0 && seen >= wanted) {
                q.key = last.key + [0]
                q.revision = revision
                q.limit = wanted > 0 ? min(pageSize, wanted - seen) : pageSize
                next = q
            }
            if let next { prefetch = Task { [self] in try await self.range(next) } }
            for kv in page.kvs { try body(kv) }
            guard let pending = prefetch else { break }
            prefetch = nil
            page = try await pending.value
        }
        return (revision, total)
    }
}
