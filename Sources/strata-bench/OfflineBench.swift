#if canImport(Glibc)
import Glibc
#endif
import Bolt
import EtcdModel
import EtcdOffline
import Foundation
import ProtoWire
import StrataCore

/// `strata-bench offline [--snapshot PATH] [--size-mb N] [--fixtures DIR]`
///
/// Builds (unless PATH exists) a snapshot of at least N MB with a real etcd
/// (`--unsafe-no-fsync`, Kubernetes objects from the fixtures written through the JSON gateway
/// in multi-put txns, then 10% of the keys updated and 1% deleted), then measures: opening with
/// SHA-256 verification, a key-only scan of every revision, a scan that decodes every
/// KeyValue and sniffs its apiVersion/kind, building the live keyspace, and HashKV. Prints MB/s
/// per pass and the peak RSS and heap.
func runOfflineBench(arguments: [String]) throws {
    var snapshot = FileManager.default.temporaryDirectory.appendingPathComponent("strata-bench-offline.db").path
    var sizeMB = 512
    var fixtures = "../shared/fixtures/kubernetes-api/HEAD"
    var runs = 3
    var i = 0
    while i < arguments.count {
        let a = arguments[i]
        let value = i + 1 < arguments.count ? arguments[i + 1] : ""
        switch a {
        case "--snapshot": snapshot = value; i += 1
        case "--size-mb": sizeMB = Int(value) ?? sizeMB; i += 1
        case "--fixtures": fixtures = value; i += 1
        case "--runs": runs = max(1, Int(value) ?? runs); i += 1
        default: throw BenchError("unknown argument \(a)")
        }
        i += 1
    }
    if !FileManager.default.fileExists(atPath: snapshot) {
        try OfflineSnapshotBuilder(path: snapshot, megabytes: sizeMB, fixtures: fixtures).build()
    }
    let fileBytes = (try FileManager.default.attributesOfItem(atPath: snapshot)[.size] as? NSNumber)?.intValue ?? 0
    let mb = Double(fileBytes) / 1_000_000
    print(String(format: "snapshot %@: %.1f MB", snapshot, mb))

    var anonPeak = 0.0
    // Wall time and this process's CPU time: on a shared machine the wall time includes waiting
    // for a core, so both are printed (best of `runs` each).
    func measure(_ name: String, _ body: () throws -> String) rethrows {
        var best = Double.infinity, bestCPU = Double.infinity
        var note = ""
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = benchCPUSeconds()
            note = try body()
            anonPeak = max(anonPeak, OfflineProcStatus.read().anon)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            bestCPU = min(bestCPU, benchCPUSeconds() - cpuStart)
        }
        let label = name.padding(toLength: 36, withPad: " ", startingAt: 0)
        let now = OfflineProcStatus.read()
        print(label + String(format: " wall %7.3f s %7.0f MB/s   cpu %7.3f s %7.0f MB/s   RSS %.0f MB (peak %.0f)   ",
                             best, mb / best, bestCPU, mb / bestCPU, now.anon + now.file, now.hwm) + note)
    }

    try measure("open + verify SHA-256 trailer") {
        let db = try BoltDatabase(path: snapshot)
        return "trailer \(db.trailer)"
    }
    let store = try EtcdStore(path: snapshot, options: .init(trailer: .skip, releasePagesAfterWalk: true))
    try measure("key-only scan (all revisions)") {
        var records = 0, keyBytes = 0
        try store.forEachRevision(fromMain: 0) { r in
            records += 1
            keyBytes += r.userKey.count
            return true
        }
        return "\(records) records, \(keyBytes) key bytes"
    }
    try measure("decode scan (KeyValue + TypeMeta)") {
        var records = 0, typed = 0, valueBytes = 0
        try store.forEachRevision(fromMain: 0) { r in
            let kv = try KeyValue(decoding: WireReader(r.value))
            valueBytes += kv.value.count
            if kv.value.withUnsafeBytes({ AnalyzeTypeMeta.typeMeta(of: $0) }) != nil { typed += 1 }
            records += 1
            return true
        }
        return "\(records) records, \(typed) typed, \(valueBytes) value bytes"
    }
    try measure("live keyspace at latest revision") {
        let k = try Keyspace.build(store)
        anonPeak = max(anonPeak, OfflineProcStatus.read().anon)  // while the keyspace is alive
        return "\(k.entries.count) live keys"
    }
    try measure("hashkv") {
        let h = try store.hashKV()
        return "hash \(h.hash) at \(h.revision)"
    }
    let status = OfflineProcStatus.read()
    print(String(format: "peak RSS %.1f MB (VmHWM, counts the mapped file's pages); anonymous memory: peak seen %.1f MB, now %.1f MB; file-backed now %.1f MB",
                 status.hwm, anonPeak, status.anon, status.file))
}

/// Memory figures from /proc/self/status, in MB. Anonymous memory is the heap (and stacks);
/// file-backed memory is the mapped database, which the kernel can drop at any time.
struct OfflineProcStatus {
    var hwm = 0.0, anon = 0.0, file = 0.0

    static func read() -> OfflineProcStatus {
        var s = OfflineProcStatus()
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return s }
        for line in text.split(whereSeparator: { $0 == "\n" }) {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count >= 2, let kb = Double(parts[1]) else { continue }
            switch parts[0] {
            case "VmHWM:": s.hwm = kb / 1024
            case "RssAnon:": s.anon = kb / 1024
            case "RssFile:": s.file = kb / 1024
            default: break
            }
        }
        return s
    }
}

/// Fills a throwaway etcd through its JSON gateway and saves a snapshot.
struct OfflineSnapshotBuilder {
    let path: String
    let megabytes: Int
    let fixtures: String

    func build() throws {
        let values = try ["core.v1.Pod.pb", "apps.v1.Deployment.pb", "core.v1.ConfigMap.pb", "core.v1.Service.pb", "core.v1.Event.pb"].map {
            (String($0.split(separator: ".")[2]).lowercased() + "s", try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + $0)))
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("strata-bench-etcd-\(getpid())")
        try? FileManager.default.removeItem(at: work)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let client = 20000 + Int(getpid() % 10000), peer = client + 10000
        let etcd = Process()
        etcd.executableURL = URL(fileURLWithPath: "/usr/bin/etcd")
        etcd.arguments = ["--name", "bench", "--data-dir", work.appendingPathComponent("data").path,
                          "--listen-client-urls", "http://127.0.0.1:\(client)", "--advertise-client-urls", "http://127.0.0.1:\(client)",
                          "--listen-peer-urls", "http://127.0.0.1:\(peer)", "--initial-advertise-peer-urls", "http://127.0.0.1:\(peer)",
                          "--initial-cluster", "bench=http://127.0.0.1:\(peer)", "--unsafe-no-fsync",
                          "--quota-backend-bytes", String(8 << 30), "--logger", "zap", "--log-level", "error",
                          "--log-outputs", work.appendingPathComponent("etcd.log").path]
        etcd.standardOutput = FileHandle.nullDevice
        etcd.standardError = FileHandle.nullDevice
        try etcd.run()
        defer {
            kill(etcd.processIdentifier, SIGTERM)
            etcd.waitUntilExit()
        }
        let endpoint = "http://127.0.0.1:\(client)"
        var healthy = false
        for _ in 0..<200 where !healthy {
            healthy = (try? run(["/usr/bin/curl", "-sf", "-m", "1", endpoint + "/health"]))?.contains("true") == true
            if !healthy { usleep(50_000) }
        }
        guard healthy else { throw BenchError("etcd did not start") }

        let target = megabytes * 1_000_000
        var written = 0, txn = 0, keys = 0
        let started = Date()
        var names: [String] = []
        while written < target {
            // One curl process per 20 txns of up to 80 puts each (under etcd's 1.5 MiB request limit).
            var config = ""
            for _ in 0..<20 where written < target {
                var ops: [String] = []
                var bytes = 0
                while ops.count < 80 && bytes < 1_000_000 && written < target {
                    let (resource, value) = values[keys % values.count]
                    let key = "/registry/\(resource)/ns-\(keys % 97)/obj-\(keys)"
                    names.append(key)
                    ops.append("{\"requestPut\":{\"key\":\"\(Data(key.utf8).base64EncodedString())\",\"value\":\"\(value.base64EncodedString())\"}}")
                    bytes += value.count
                    written += value.count + key.utf8.count + 40
                    keys += 1
                }
                let body = work.appendingPathComponent("txn-\(txn % 20).json")
                try Data("{\"success\":[\(ops.joined(separator: ","))]}".utf8).write(to: body)
                // `next` separates requests; a trailing one would start an empty request.
                config += (config.isEmpty ? "" : "next\n") + "url = \"\(endpoint)/v3/kv/txn\"\ndata-binary = \"@\(body.path)\"\noutput = \"/dev/null\"\nfail\n"
                txn += 1
            }
            let cfg = work.appendingPathComponent("curl.cfg")
            try Data(config.utf8).write(to: cfg)
            try run(["/usr/bin/curl", "-s", "-K", cfg.path])
            FileHandle.standardError.write(Data(String(format: "\rwriting: %.0f / %d MB", Double(written) / 1e6, megabytes).utf8))
        }
        // Some history: updates of 10% of the keys and deletions of 1%.
        var config = ""
        for (n, key) in names.enumerated() where n % 10 == 3 {
            let del = n % 100 == 3
            let op = del ? "deleteRange" : "put"
            let body = del ? "{\"key\":\"\(Data(key.utf8).base64EncodedString())\"}"
                : "{\"key\":\"\(Data(key.utf8).base64EncodedString())\",\"value\":\"\(Data("updated \(n)".utf8).base64EncodedString())\"}"
            config += (config.isEmpty ? "" : "next\n") + "url = \"\(endpoint)/v3/kv/\(op == "put" ? "put" : "deleterange")\"\ndata = \(quote(body))\noutput = \"/dev/null\"\n"
        }
        let cfg = work.appendingPathComponent("curl-updates.cfg")
        try Data(config.utf8).write(to: cfg)
        try run(["/usr/bin/curl", "-s", "-K", cfg.path])
        FileHandle.standardError.write(Data(String(format: "\rwrote %d keys in %d txns in %.0f s; saving snapshot\n",
                                                   keys, txn, Date().timeIntervalSince(started)).utf8))
        let env = ProcessInfo.processInfo.environment.merging(["ETCDCTL_API": "3"]) { $1 }
        try run(["/usr/bin/etcdctl", "--endpoints", endpoint, "--command-timeout", "300s", "snapshot", "save", path], environment: env)
    }

    func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    @discardableResult
    func run(_ argv: [String], environment: [String: String]? = nil) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: argv[0])
        p.arguments = Array(argv.dropFirst())
        if let environment { p.environment = environment }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw BenchError("\(argv[0]) exited \(p.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}
