import EtcdClient
import EtcdModel
import EtcdTestSupport
import Foundation
import Testing

@Suite(.serialized) struct LiveWatchTests {
    @Test(arguments: EtcdTransportKind.allCases)
    func eventsArriveInOrder(_ transport: EtcdTransportKind) async throws {
        let etcd = try TestServers.plain.get()
        let client = try TestServers.client(etcd, transport)
        defer { Task { await client.close() } }
        let p = "/watch-\(transport)/"
        let stream = client.watch(WatchCreateRequest(key: b(p), rangeEnd: b(String(p.dropLast()) + "0"), prevKV: true))
        var it = stream.makeAsyncIterator()
        let created = try await it.next()
        #expect(created?.created == true)

        try etcd.etcdctl(["put", p + "a", "1"])
        try etcd.etcdctl(["put", p + "a", "2"])
        try etcd.etcdctl(["del", p + "a"])
        var events: [Event] = []
        while events.count < 3, let r = try await it.next() { events += r.events }
        #expect(events.map(\.type) == [.put, .put, .delete])
        #expect(events.map { String(decoding: $0.kv.value, as: UTF8.self) } == ["1", "2", ""])
        #expect(events[1].prevKV?.value == b("1"))
        #expect(events[2].kv.keyString == p + "a")
        #expect(events[0].kv.modRevision < events[1].kv.modRevision && events[1].kv.modRevision < events[2].kv.modRevision)
    }

    @Test(arguments: EtcdTransportKind.allCases)
    func watchFromACompactedRevisionFails(_ transport: EtcdTransportKind) async throws {
        let etcd = try TestServers.compactingWatch.get()
        let client = try TestServers.client(etcd, transport)
        defer { Task { await client.close() } }
        let key = b("/watch-compacted-\(transport)")
        let first = try await client.put(PutRequest(key: key, value: b("1"))).header.revision
        let second = try await client.put(PutRequest(key: key, value: b("2"))).header.revision
        try await client.compact(revision: second, physical: true)
        await expectError {
            for try await _ in client.watch(WatchCreateRequest(key: key, startRevision: first)) {}
        } where: { error in
            (error as? EtcdError)?.kind == .compacted
        }
    }

    /// The server goes away and comes back on the same port with the same data: the watch
    /// reconnects by itself and continues after the last event it delivered, without repeats.
    @Test(arguments: EtcdTransportKind.allCases)
    func reconnectsAfterServerRestart(_ transport: EtcdTransportKind) async throws {
        let etcd = try EtcdProcess.start(name: "client-watch-restart")
        defer { etcd.stop() }
        let client = try TestServers.client(etcd, transport)
        defer { Task { await client.close() } }
        var it = client.watch(WatchCreateRequest(key: b("/w/"), rangeEnd: b("/w0"))).makeAsyncIterator()
        #expect(try await it.next()?.created == true)
        try etcd.etcdctl(["put", "/w/1", "before"])
        let before = try await it.next()
        #expect(before?.events.first?.kv.keyString == "/w/1")

        let restarted = try SamePortRestart(etcd)
        defer { restarted.stop() }
        try restarted.etcdctl(["put", "/w/2", "after"])
        var later: [Event] = []
        while later.isEmpty, let r = try await it.next() { later += r.events }
        #expect(later.map(\.kv.keyString) == ["/w/2"])
        #expect(later.first?.kv.value == b("after"))
    }
}

/// Stops an etcd and starts it again on the same ports and data dir, so clients that knew the
/// old endpoint can reconnect.
final class SamePortRestart: @unchecked Sendable {
    let process: Process
    let endpoint: String

    init(_ e: EtcdProcess) throws {
        e.stop(removeDirectory: false)
        guard let bin = EtcdProcess.binary("etcd") else { throw TestSetupError("etcd not found") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bin)
        p.arguments = [
            "--name", e.name, "--data-dir", e.dataDir.path,
            "--listen-client-urls", e.endpoint, "--advertise-client-urls", e.endpoint,
            "--listen-peer-urls", "http://127.0.0.1:\(e.peerPort)",
            "--initial-advertise-peer-urls", "http://127.0.0.1:\(e.peerPort)",
            "--initial-cluster", "\(e.name)=http://127.0.0.1:\(e.peerPort)",
            "--unsafe-no-fsync", "--logger", "zap", "--log-level", "error",
            "--log-outputs", e.directory.appendingPathComponent("etcd-restart.log").path,
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        endpoint = e.endpoint
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if let body = try? EtcdProcess.run(["/usr/bin/curl", "-sf", "-m", "1", endpoint + "/health"]), body.contains("\"health\":\"true\"") {
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        stop()
        throw TestSetupError("restarted etcd did not become healthy")
    }

    @discardableResult
    func etcdctl(_ args: [String]) throws -> Data {
        guard let bin = EtcdProcess.binary("etcdctl") else { throw TestSetupError("etcdctl not found") }
        return try EtcdProcess.runData([bin, "--endpoints", endpoint] + args, environment: ["ETCDCTL_API": "3"])
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
