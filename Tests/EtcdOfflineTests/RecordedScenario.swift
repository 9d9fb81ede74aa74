import EtcdTestSupport
import Foundation

/// One real etcd run shared by the offline tests: it writes Kubernetes objects, plain values,
/// updates, deletes, re-creations, a lease, a multi-op txn and a compaction; records what etcd
/// itself answered (gets at several revisions, HashKV); saves a snapshot; stops; copies the data
/// dir. Tests then check the offline answers against those recordings.
final class RecordedScenario: @unchecked Sendable {
    struct RecordedGet {
        let revision: Int64  // 0 = latest
        let headerRevision: Int64
        let kvs: [[String: Any]]
    }

    let workDir: URL
    let snapshotPath: String
    let dataDirCopy: String
    var gets: [RecordedGet] = []
    var hashes: [(revision: Int64, hash: UInt32, compact: Int64)] = []
    var compactRevision: Int64 = 0
    var currentRevision: Int64 = 0
    var deleteRevisions: [String: [Int64]] = [:]
    var leaseID: Int64 = 0
    /// Key → every mod revision etcd reported for it (from per-revision gets).
    var valuesByRevision: [Int64: [String: (value: Data, create: Int64, mod: Int64, version: Int64)]] = [:]

    static let shared: Result<RecordedScenario, Error> = Result { try RecordedScenario() }

    static func get() throws -> RecordedScenario { try shared.get() }

    /// `../shared/fixtures` next to the repository (the test dir may be reached through a symlink).
    static let fixtures: URL = {
        if let env = ProcessInfo.processInfo.environment["STRATA_FIXTURES"] { return URL(fileURLWithPath: env) }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().resolvingSymlinksInPath()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("shared/fixtures/kubernetes-api/HEAD")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("shared/fixtures/kubernetes-api/HEAD")
    }()

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent(name))
    }

    private init() throws {
        workDir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-offline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workDir, withIntermediateDirectories: true)
        TemporaryDirectories.removeAtExit(workDir)
        snapshotPath = workDir.appendingPathComponent("backup.db").path
        dataDirCopy = workDir.appendingPathComponent("datadir").path

        let etcd = try EtcdProcess.start(name: "offline")
        defer { etcd.stop() }
        func put(_ key: String, _ value: Data, lease: Int64 = 0) throws {
            var args = ["put", key]
            if lease != 0 { args.append("--lease=" + String(lease, radix: 16)) }
            try etcd.etcdctl(args, stdin: value)
        }
        func del(_ key: String) throws {
            let out = try etcd.etcdctl(["del", key, "-w", "json"])
            let obj = try JSONSerialization.jsonObject(with: out) as? [String: Any]
            let header = obj?["header"] as? [String: Any]
            deleteRevisions[key, default: []].append((header?["revision"] as? NSNumber)?.int64Value ?? -1)
        }

        let pod = try Self.fixture("core.v1.Pod.pb")
        let podJSON = try Self.fixture("core.v1.Pod.json")
        let deployment = try Self.fixture("apps.v1.Deployment.pb")
        let configMap = try Self.fixture("core.v1.ConfigMap.pb")
        let namespace = try Self.fixture("core.v1.Namespace.pb")
        let secret = try Self.fixture("core.v1.Secret.pb")

        try put("/registry/namespaces/default", namespace)
        try put("/registry/pods/default/p1", pod)
        try put("/registry/deployments/default/web", deployment)
        try put("/registry/configmaps/kube-system/cm1", configMap)
        try put("/plain/a", Data("hello".utf8))
        try put("/plain/b", Data([0, 1, 2, 0xFF]))
        try put("/registry/pods/default/p1", podJSON)                      // update
        try del("/registry/deployments/default/web")                         // delete
        try put("/plain/a", Data("hello again".utf8))
        // A txn with several writes: one main revision, sub revisions 0, 1, 2.
        try etcd.etcdctl(["txn"], stdin: Data("\nput /txn/x 1\nput /txn/y 2\ndel /plain/b\n\n\n".utf8))
        try put("/registry/deployments/default/web", deployment)             // re-create
        let grant = try etcd.etcdctl(["lease", "grant", "3600", "-w", "json"])
        let grantObj = try JSONSerialization.jsonObject(with: grant) as? [String: Any]
        leaseID = (grantObj?["ID"] as? NSNumber)?.int64Value ?? 0
        try put("/registry/secrets/default/s1", secret, lease: leaseID)
        for i in 0..<40 { try put("/registry/configmaps/default/bulk-\(i)", configMap + Data("\(i)".utf8)) }
        let compactAt = try revisionNow(etcd) - 5
        try etcd.etcdctl(["compact", String(compactAt)])
        compactRevision = compactAt
        try put("/registry/pods/default/p1", pod)
        try del("/registry/configmaps/default/bulk-3")
        try put("/registry/pods/default/p2", pod)
        try del("/registry/deployments/default/web")
        try put("/registry/deployments/default/web", deployment)
        currentRevision = try revisionNow(etcd)

        for rev in [Int64(0), compactRevision, compactRevision + 1, currentRevision - 3, currentRevision - 1] {
            var args = ["get", "", "--prefix", "-w", "json"]
            if rev != 0 { args.append("--rev=\(rev)") }
            let out = try etcd.etcdctl(args)
            let obj = try JSONSerialization.jsonObject(with: out) as? [String: Any] ?? [:]
            let header = obj["header"] as? [String: Any]
            gets.append(RecordedGet(revision: rev, headerRevision: (header?["revision"] as? NSNumber)?.int64Value ?? -1,
                                    kvs: obj["kvs"] as? [[String: Any]] ?? []))
        }
        for rev in [Int64(0), compactRevision + 1, currentRevision - 2] {
            var args = ["endpoint", "hashkv", "-w", "json"]
            if rev != 0 { args.append("--rev=\(rev)") }
            let out = try etcd.etcdctl(args)
            let arr = try JSONSerialization.jsonObject(with: out) as? [[String: Any]] ?? []
            let resp = arr.first?["HashKV"] as? [String: Any] ?? [:]
            hashes.append((rev, UInt32(truncatingIfNeeded: (resp["hash"] as? NSNumber)?.int64Value ?? -1),
                           (resp["compact_revision"] as? NSNumber)?.int64Value ?? -1))
        }
        try etcd.etcdctl(["snapshot", "save", snapshotPath])
        etcd.stop(removeDirectory: false)
        // The data dir without its WAL (64 MB of preallocated files the offline reader never reads).
        let snapDir = URL(fileURLWithPath: dataDirCopy).appendingPathComponent("member/snap")
        try FileManager.default.createDirectory(at: snapDir.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: etcd.dataDir.appendingPathComponent("member/snap"), to: snapDir)
        try? FileManager.default.removeItem(at: etcd.directory)
    }

    private func revisionNow(_ etcd: EtcdProcess) throws -> Int64 {
        let out = try etcd.etcdctl(["get", "/", "-w", "json"])
        let obj = try JSONSerialization.jsonObject(with: out) as? [String: Any]
        let header = obj?["header"] as? [String: Any]
        return (header?["revision"] as? NSNumber)?.int64Value ?? -1
    }
}

extension Dictionary where Key == String, Value == Any {
    func int64(_ k: String) -> Int64 { (self[k] as? NSNumber)?.int64Value ?? 0 }
    func base64(_ k: String) -> [UInt8] { [UInt8](Data(base64Encoded: self[k] as? String ?? "") ?? Data()) }
}
