import EtcdClient
import EtcdModel
import EtcdTestSupport
import Foundation
import Testing

@Suite(.serialized) struct LiveSnapshotTests {
    /// A server of its own, so no other suite writes between our snapshot and etcdctl's.
    static let server: Result<EtcdProcess, Error> = TestServers.register(Result { try EtcdProcess.start(name: "client-snap") })
    static let loaded = Loader()

    /// About 3 MB in 3,000 keys, loaded once: many 32 KiB chunks.
    actor Loader {
        var done = false
        func load(_ e: EtcdProcess) async throws {
            if done { return }
            let client = try EtcdClient(config: EtcdClientConfig(endpoints: [e.endpoint]))
            for i in 0..<3000 {
                _ = try await client.put(PutRequest(key: b(String(format: "/registry/pods/default/p%05d", i)),
                                                    value: (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i) }))
            }
            await client.close()
            done = true
        }
    }

    func tempDir() throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("strata-snap-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    @Test(arguments: EtcdTransportKind.allCases)
    func savedSnapshotIsByteIdenticalToEtcdctlAndRestores(_ transport: EtcdTransportKind) async throws {
        let etcd = try Self.server.get()
        try await Self.loaded.load(etcd)
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let client = try TestServers.client(etcd, transport)
        defer { Task { await client.close() } }

        let clock = ContinuousClock()
        let start = clock.now
        let info = try await client.saveSnapshot(to: dir + "/ours.db")
        let elapsed = clock.now - start
        print("snapshot over \(transport): \(info.totalBytes) bytes in \(elapsed)")
        try etcd.etcdctl(["snapshot", "save", dir + "/etcdctl.db"])

        let ours = try Data(contentsOf: URL(fileURLWithPath: dir + "/ours.db"))
        let theirs = try Data(contentsOf: URL(fileURLWithPath: dir + "/etcdctl.db"))
        #expect(ours.count > 3_000_000)
        #expect(ours == theirs)
        #expect(info.totalBytes == Int64(ours.count))
        #expect(Array(ours.suffix(32)) == info.sha256)
        // The digest as sha256sum prints it for the database part.
        let head = dir + "/db-part"
        try ours.prefix(ours.count - 32).write(to: URL(fileURLWithPath: head))
        #expect(try EtcdProcess.run(["/usr/bin/sha256sum", head]).hasPrefix(info.sha256Hex + " "))
        try FileManager.default.removeItem(atPath: head)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["etcdctl.db", "ours.db"])

        // The raw stream API gives the same bytes.
        var streamed = Data()
        for try await chunk in client.snapshot() { streamed.append(contentsOf: chunk) }
        #expect(streamed == ours)

        // etcdctl accepts our file for restore (it checks the SHA-256 trailer).
        let peer = try EtcdProcess.freePort()
        try EtcdProcess.run([EtcdProcess.binary("etcdctl") ?? "etcdctl", "snapshot", "restore", dir + "/ours.db",
                             "--data-dir", dir + "/restored", "--name", "restored",
                             "--initial-cluster", "restored=http://127.0.0.1:\(peer)",
                             "--initial-advertise-peer-urls", "http://127.0.0.1:\(peer)"],
                            environment: ["ETCDCTL_API": "3"])
        #expect(FileManager.default.fileExists(atPath: dir + "/restored/member/snap/db"))
    }

    @Test(arguments: EtcdTransportKind.allCases)
    func serverKilledMidStreamLeavesNoFile(_ transport: EtcdTransportKind) async throws {
        let etcd = try EtcdProcess.start(name: "client-snap-kill")
        defer { etcd.stop() }
        let client = try TestServers.client(etcd, transport)
        defer { Task { await client.close() } }
        // 24 values of 1 MB: far more than socket buffers hold, so the kill lands mid-stream.
        for i in 0..<24 {
            _ = try await client.put(PutRequest(key: b("/big/\(i)"), value: [UInt8](repeating: UInt8(i), count: 1_000_000)))
        }
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let killed = KillOnce(etcd)
        await expectError {
            _ = try await client.saveSnapshot(to: dir + "/snap.db") { _ in killed.fire() }
        } where: { error in
            print("snapshot error after kill over \(transport): \(error)")
            return error is EtcdError
        }
        #expect(killed.fired)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }
}

final class KillOnce: @unchecked Sendable {
    private let etcd: EtcdProcess
    private let lock = NSLock()
    private(set) var fired = false
    init(_ e: EtcdProcess) { etcd = e }
    func fire() {
        lock.withLock {
            if fired { return }
            fired = true
            etcd.kill9()
        }
    }
}

