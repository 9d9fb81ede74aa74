import Bolt
import Foundation
import Testing
@testable import EtcdOffline

/// Damaged copies of a real snapshot through the etcd layer: every query ends in an answer or a
/// clear error, and salvage always completes.
@Suite struct DamagedStoreTests {
    @Test func bitFlipsNeverCrashTheEtcdLayer() throws {
        let scenario = try RecordedScenario.get()
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: scenario.snapshotPath)))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-flips-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var state: UInt64 = 0xC0FFEE
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
        var answered = 0, refused = 0
        for round in 0..<150 {
            var copy = Array(original.dropLast(32))  // no trailer: let the damage reach the reader
            for _ in 0..<(1 + Int(next() % 8)) {
                copy[Int(next() % UInt64(copy.count))] ^= UInt8(1) << UInt8(next() % 8)
            }
            let path = dir.appendingPathComponent("f\(round % 3).db").path
            try Data(copy).write(to: URL(fileURLWithPath: path))
            do {
                let store = try EtcdStore(path: path)
                let keyspace = try Keyspace.build(store)
                for i in keyspace.entries.indices { _ = try keyspace.keyValue(at: i) }
                _ = try store.hashKV()
                _ = try store.history(of: Array("/registry/deployments/default/web".utf8))
                _ = try store.leases()
                answered += 1
            } catch is BoltError {
                refused += 1
            } catch is EtcdOfflineError {
                refused += 1
            }
            let salvaged = try SalvagedStore(path: path)
            _ = try Keyspace.build(salvaged)
        }
        #expect(answered + refused == 150)
    }
}
