import EtcdClient
import EtcdModel
import EtcdTestSupport
import Foundation

/// Loading keys and reading them back with etcdctl, the reference the commands are checked against.
enum EtcdFixtures {
    /// One key as etcdctl reports it.
    struct Record: Equatable, CustomStringConvertible {
        let key: [UInt8]
        let value: [UInt8]
        let createRevision: Int64
        let modRevision: Int64
        let version: Int64
        var description: String { "\(String(decoding: key, as: UTF8.self))@\(modRevision)" }
    }

    static func client(_ etcd: EtcdProcess, transport: EtcdTransportKind = .grpc) throws -> EtcdClient {
        // Generous timeouts: the shared test machine may be busy with other builds.
        try EtcdClient(config: EtcdClientConfig(endpoints: [etcd.endpoint], dialTimeout: .seconds(10),
                                                commandTimeout: .seconds(60), transport: transport))
    }

    /// Puts `count` keys `prefix%05d` with distinct values, 16 at a time.
    static func load(_ etcd: EtcdProcess, prefix: String, count: Int, valueSize: Int = 64) async throws {
        let client = try client(etcd)
        defer { Task { await client.close() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func add() {
                let i = next
                next += 1
                group.addTask {
                    let key = Array((prefix + String(format: "%05d", i)).utf8)
                    var value = Array("value-\(i)-".utf8)
                    while value.count < valueSize { value.append(UInt8(ascii: "a") + UInt8(i % 26)) }
                    _ = try await client.put(PutRequest(key: key, value: value))
                }
            }
            for _ in 0..<min(16, count) { add() }
            while try await group.next() != nil {
                if next < count { add() }
            }
        }
        await client.close()
    }

    /// `etcdctl get --prefix P -w json`, parsed.
    static func etcdctlRecords(_ etcd: EtcdProcess, prefix: String, extra: [String] = []) throws -> [Record] {
        let data = try etcd.etcdctl(["get", "--prefix", prefix, "-w", "json"] + extra)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        let kvs = object["kvs"] as? [[String: Any]] ?? []
        return kvs.map { kv in
            func bytes(_ name: String) -> [UInt8] {
                (kv[name] as? String).flatMap { Data(base64Encoded: $0) }.map(Array.init) ?? []
            }
            func int(_ name: String) -> Int64 { (kv[name] as? NSNumber)?.int64Value ?? 0 }
            return Record(key: bytes("key"), value: bytes("value"), createRevision: int("create_revision"),
                          modRevision: int("mod_revision"), version: int("version"))
        }
    }

    /// The current store revision, from etcdctl.
    static func revision(_ etcd: EtcdProcess) throws -> Int64 {
        let data = try etcd.etcdctl(["get", "x", "-w", "json"])
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let header = object?["header"] as? [String: Any]
        return (header?["revision"] as? NSNumber)?.int64Value ?? 0
    }

    static func value(_ etcd: EtcdProcess, _ key: String) throws -> String? {
        let data = try etcd.etcdctl(["get", key, "--print-value-only"])
        if data.isEmpty { return nil }
        var s = String(decoding: data, as: UTF8.self)
        if s.hasSuffix("\n") { s.removeLast() }
        return s
    }

    static func modRevision(_ etcd: EtcdProcess, _ key: String) throws -> Int64? {
        try etcdctlRecords(etcd, prefix: key).first { String(decoding: $0.key, as: UTF8.self) == key }?.modRevision
    }
}
