import EtcdModel
import EtcdOffline

/// `strata analyze`: counts and bytes per resource and per apiVersion/kind, the biggest objects,
/// and (offline) revisions, tombstones, history sizes and compaction. Never fails on keys that
/// are not Kubernetes objects: they count under their path and the `other` encoding.
public struct AnalyzeOperation: Sendable {
    public var top: Int
    public var etcdPrefix: String

    public init(top: Int = 12, etcdPrefix: String = "/registry") {
        self.top = top
        self.etcdPrefix = etcdPrefix
    }

    /// Live keys from any source (a live etcd too): one consistent paged scan.
    public func run(on source: any KeyValueSource) async throws -> AnalyzeReport {
        if let offline = source as? OfflineSource { return try run(offline: offline) }
        var acc = LiveAccumulator(etcdPrefix: etcdPrefix)
        let (revision, _) = try await source.scan(RangeQuery(key: [0], rangeEnd: [0])) { kv in
            kv.key.withUnsafeBytes { k in
                kv.value.withUnsafeBytes { v in acc.add(key: k, value: v, modRevision: kv.modRevision) }
            }
        }
        var report = AnalyzeReport(source: source.sourceDescription, revision: revision)
        acc.finish(into: &report, top: top)
        return report
    }

    /// Offline: the live keys at the latest revision plus one pass over every stored revision.
    public func run(offline: OfflineSource) throws -> AnalyzeReport {
        let store = offline.store
        let keyspace = try offline.keyspace(at: 0)
        var acc = LiveAccumulator(etcdPrefix: etcdPrefix)
        for e in keyspace.entries {
            acc.add(key: e.userKey, value: KeyValueScan.storedValue(in: e.value), modRevision: e.revision.main)
        }
        var report = AnalyzeReport(source: offline.sourceDescription, revision: store.currentRevision)
        acc.finish(into: &report, top: top)

        var revisions = 0, tombstones = 0, allBytes = 0
        var perGroup: [String: (Int, Int)] = [:]
        var perKey: [[UInt8]: (count: Int, bytes: Int)] = [:]
        try offline.wrap {
            try store.forEachRevision(fromMain: 0) { r in
                revisions += 1
                if r.isTombstone { tombstones += 1 }
                let size = r.bucketKey.count + r.value.count
                allBytes += size
                let g = AnalyzeKeyGroup.group(of: r.userKey, etcdPrefix: etcdPrefix)
                perGroup[g, default: (0, 0)].0 += 1
                perGroup[g, default: (0, 0)].1 += size
                let key = Array(r.userKey)
                perKey[key, default: (0, 0)].count += 1
                perKey[key, default: (0, 0)].bytes += size
                return true
            }
        }
        report.revisions = revisions
        report.tombstones = tombstones
        report.allRevisionBytes = allBytes
        report.compactRevision = store.compaction.effectiveRevision
        report.compactionInterrupted = store.compaction.isInterrupted
        if let etcd = store as? EtcdStore {
            report.databaseBytes = etcd.databaseBytes
            report.leases = try offline.wrap { try etcd.leases().count }
        }
        var known = Set(report.groups.map(\.group))
        for i in report.groups.indices {
            let stat = perGroup[report.groups[i].group]
            report.groups[i].revisions = stat?.0 ?? 0
            report.groups[i].revisionBytes = stat?.1 ?? 0
        }
        // Groups whose keys are all deleted still hold history.
        for (g, stat) in perGroup where !known.contains(g) {
            report.groups.append(.init(group: g, keys: 0, bytes: 0, revisions: stat.0, revisionBytes: stat.1))
            known.insert(g)
        }
        report.groups.sort { ($0.revisionBytes ?? $0.bytes, $0.group) > ($1.revisionBytes ?? $1.bytes, $1.group) }
        report.largestHistories = perKey.sorted {
            $0.value.bytes != $1.value.bytes ? $0.value.bytes > $1.value.bytes : $0.key.lexicographicallyPrecedes($1.key)
        }.prefix(top).map {
                AnalyzeReport.ObjectStat(key: String(decoding: $0.key, as: UTF8.self), bytes: $0.value.bytes, revisions: $0.value.count)
            }
        return report
    }
}

/// Sums over the live keys.
struct LiveAccumulator {
    let etcdPrefix: String
    var groups: [String: AnalyzeReport.GroupStat] = [:]
    var kinds: [String: AnalyzeReport.KindStat] = [:]
    var objects: [AnalyzeReport.ObjectStat] = []
    var encodings: [String: Int] = [:]
    var keys = 0
    var bytes = 0

    init(etcdPrefix: String) { self.etcdPrefix = etcdPrefix }

    mutating func add(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, modRevision: Int64) {
        let size = key.count + value.count
        keys += 1
        bytes += size
        let g = AnalyzeKeyGroup.group(of: key, etcdPrefix: etcdPrefix)
        groups[g, default: .init(group: g)].keys += 1
        groups[g, default: .init(group: g)].bytes += size
        encodings[AnalyzeTypeMeta.encoding(of: value).rawValue, default: 0] += 1
        let meta = AnalyzeTypeMeta.typeMeta(of: value)
        if let meta {
            let id = meta.apiVersion + "\u{0}" + meta.kind
            kinds[id, default: .init(apiVersion: meta.apiVersion, kind: meta.kind)].objects += 1
            kinds[id, default: .init(apiVersion: meta.apiVersion, kind: meta.kind)].bytes += size
        }
        objects.append(.init(key: String(decoding: key, as: UTF8.self), bytes: size, apiVersion: meta?.apiVersion,
                             kind: meta?.kind, modRevision: modRevision))
    }

    func finish(into report: inout AnalyzeReport, top: Int) {
        report.liveKeys = keys
        report.liveBytes = bytes
        report.encodings = encodings
        report.groups = groups.values.sorted { ($0.bytes, $0.group) > ($1.bytes, $1.group) }
        report.kinds = kinds.values.sorted { ($0.objects, $0.bytes, $1.kind) > ($1.objects, $1.bytes, $0.kind) }
        report.largestObjects = Array(objects.sorted { ($0.bytes, $1.key) > ($1.bytes, $0.key) }.prefix(top))
    }
}
