import EtcdClient
import EtcdModel
import EtcdTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `strata-bench client [--keys N] [--runs R]`: against a throwaway etcd on loopback, times
/// `strata get --prefix -o json` beside `etcdctl get --prefix -w json` on N stored Kubernetes
/// objects (~2 KB, the upstream fixtures), and `strata snapshot save` beside
/// `etcdctl snapshot save` on a database of at least 40 MB. Wall time, best of R runs.
func runClientBench(arguments: [String]) throws {
    var keys = 10_000
    var runs = 3
    var fixtures = defaultFixtureDirectory()
    var i = 0
    while i < arguments.count {
        switch arguments[i] {
        case "--keys": i += 1; keys = Int(arguments[i]) ?? keys
        case "--runs": i += 1; runs = Int(arguments[i]) ?? runs
        case "--fixtures": i += 1; fixtures = arguments[i]
        default: throw BenchError("unknown option \(arguments[i])")
        }
        i += 1
    }
    let binDir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    let strata = binDir.appendingPathComponent("strata").path
    guard FileManager.default.isExecutableFile(atPath: strata) else {
        throw BenchError("build strata next to strata-bench first: swift build -c release --product strata")
    }
    guard let etcdctl = EtcdProcess.binary("etcdctl") else { throw BenchError("etcdctl not found (Debian etcd-client)") }
    let values = try FileManager.default.contentsOfDirectory(atPath: fixtures).filter { $0.hasSuffix(".pb") }.sorted()
        .map { Array(try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + $0))) }
    guard !values.isEmpty else { throw BenchError("no fixtures in \(fixtures)") }

    let etcd = try EtcdProcess.start(name: "bench")
    defer { etcd.stop() }
    let keyCount = keys
    let loadSeconds = try blockingAsync {
        let client = try EtcdClient(config: EtcdClientConfig(endpoints: [etcd.endpoint]))
        let start = Date()
        var n = 0
        while n < keyCount {
            var ops: [RequestOp] = []
            for _ in 0..<min(100, keyCount - n) {
                ops.append(.put(PutRequest(key: Array("/registry/bench/default/obj-\(String(format: "%06d", n))".utf8), value: values[n % values.count])))
                n += 1
            }
            _ = try await client.txn(TxnRequest(success: ops))
        }
        // Bulk so the database passes 40 MB for the snapshot comparison.
        let blob = [UInt8](repeating: 0x5A, count: 1 << 20)
        for b in 0..<40 { _ = try await client.put(PutRequest(key: Array("/bench/blob/\(b)".utf8), value: blob)) }
        await client.close()
        return Date().timeIntervalSince(start)
    }
    print(String(format: "client: etcd %@ loaded with %d objects + 40 MB of blobs in %.1f s", etcd.endpoint, keys, loadSeconds))

    let ours = try bestOf(runs) { try run([strata, "get", "--prefix", "/registry/bench/", "-o", "json", "--endpoints", etcd.endpoint]) }
    let theirs = try bestOf(runs) { try run([etcdctl, "--endpoints", etcd.endpoint, "get", "--prefix", "/registry/bench/", "-w", "json"], env: ["ETCDCTL_API": "3"]) }
    print(String(format: "  get --prefix, %d keys decoded to JSON   strata %.3f s   etcdctl -w json %.3f s   ratio %.2f×", keys, ours, theirs, ours / theirs))
    // Where strata's time goes: the same read without decoding, and a count alone (start-up,
    // connection and one round trip).
    let raw = try bestOf(runs) { try run([strata, "get", "--prefix", "/registry/bench/", "-o", "raw", "--endpoints", etcd.endpoint]) }
    let count = try bestOf(runs) { try run([strata, "get", "--prefix", "/registry/bench/", "--count-only", "--endpoints", etcd.endpoint]) }
    print(String(format: "    strata -o raw (no decoding) %.3f s, --count-only %.3f s", raw, count))

    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let a = dir.appendingPathComponent("strata.db").path, b = dir.appendingPathComponent("etcdctl.db").path
    let snapOurs = try bestOf(runs) { try? FileManager.default.removeItem(atPath: a); return try run([strata, "snapshot", "save", a, "--endpoints", etcd.endpoint]) }
    let snapTheirs = try bestOf(runs) { try? FileManager.default.removeItem(atPath: b); return try run([etcdctl, "--endpoints", etcd.endpoint, "snapshot", "save", b], env: ["ETCDCTL_API": "3"]) }
    let size = (try FileManager.default.attributesOfItem(atPath: a)[.size] as? NSNumber)?.intValue ?? 0
    print(String(format: "  snapshot save, %.1f MB                 strata %.3f s   etcdctl %.3f s   ratio %.2f×", Double(size) / 1e6, snapOurs, snapTheirs, snapOurs / snapTheirs))
}

private func bestOf(_ runs: Int, _ body: () throws -> Double) throws -> Double {
    var best = Double.infinity
    for _ in 0..<max(runs, 1) { best = min(best, try body()) }
    return best
}

/// Runs a command with stdout and stderr to /dev/null; returns its wall time. Fails on a non-zero
/// exit. posix_spawn and waitpid, because Foundation's Process notices an exit only on its
/// polling tick (50 ms steps in every figure).
private func run(_ argv: [String], env: [String: String] = [:]) throws -> Double {
    var e = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ETCDCTL_") }
    for (k, v) in env { e[k] = v }
    let cArgs = argv.map { strdup($0) } + [nil]
    let cEnv = e.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        cArgs.forEach { free($0) }
        cEnv.forEach { free($0) }
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var pid: pid_t = 0
    var start = timespec(), end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv)
    guard spawned == 0 else { throw BenchError("cannot start \(argv[0]): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    clock_gettime(CLOCK_MONOTONIC, &end)
    // WIFEXITED and WEXITSTATUS by hand (the C macros do not import).
    let exited = status & 0x7f == 0
    let code = (status >> 8) & 0xff
    guard exited, code == 0 else { throw BenchError("\(argv.joined(separator: " ")) exited with status \(status)") }
    return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
}

private final class ResultBox<T>: @unchecked Sendable { var result: Result<T, Error>? }

/// Runs async work from the synchronous bench entry point.
private func blockingAsync<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}
