import EtcdClient
import EtcdModel
import EtcdTestSupport
import Foundation
import StrataCore
import Testing

extension LiveEtcdCommandTests {
    /// `snapshot save` writes what etcdctl accepts for restore, atomically; `snapshot status` reports
    /// what etcdctl reports.
    @Suite struct SnapshotTests {
        static func tempDir() throws -> URL {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-snap-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            return dir
        }

        @Test(arguments: ["grpc", "http"])
        func saveRestoresAndStatusMatchesEtcdctl(transport: String) async throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            try await EtcdFixtures.load(etcd, prefix: "/registry/configmaps/default/cm-", count: 300, valueSize: 1_000)
            let dir = try Self.tempDir()
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("backup.db").path

            let r = try Strata.run(["snapshot", "save", file] + Strata.connection(etcd.endpoint, transport))
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.hasPrefix("Snapshot saved at \(file)"))
            // Not a terminal: no progress bar on stderr.
            #expect(r.stderr.isEmpty)
            // Only the snapshot is left in the directory (no temporary file).
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["backup.db"])

            // etcdctl checks the SHA-256 trailer on restore and rejects a bad one.
            let restored = dir.appendingPathComponent("restored").path
            try etcd.etcdctl(["snapshot", "restore", file, "--data-dir", restored, "--name", "r",
                              "--initial-cluster", "r=http://127.0.0.1:1", "--initial-advertise-peer-urls", "http://127.0.0.1:1"])
            #expect(FileManager.default.fileExists(atPath: restored + "/member/snap/db"))

            for format in ["json", "table", "simple"] {
                let ours = try Strata.run(["snapshot", "status", file, "-w", format])
                #expect(ours.status == 0, "\(ours.stderr)")
                let theirs = String(decoding: try etcd.etcdctl(["snapshot", "status", file, "-w", format]), as: UTF8.self)
                #expect(ours.stdout == theirs, "\(format)")
            }
        }

        @Test func etcdKilledDuringSaveLeavesNoFile() async throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            // Big enough that the stream cannot sit entirely in socket buffers when etcd dies.
            try await EtcdFixtures.load(etcd, prefix: "/big/", count: 60, valueSize: 1_000_000)
            let dir = try Self.tempDir()
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("partial.db").path
            let client = try EtcdFixtures.client(etcd)
            let save = SnapshotSave(path: file, progress: { done, _ in
                if done > 0 { etcd.kill9() }
            })
            await #expect(throws: (any Error).self) { _ = try await save.run(client) }
            await client.close()
            #expect(!FileManager.default.fileExists(atPath: file))
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        }

        @Test func interruptedSaveLeavesNoFile() async throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            try await EtcdFixtures.load(etcd, prefix: "/big/", count: 60, valueSize: 1_000_000)
            let dir = try Self.tempDir()
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("interrupted.db").path
            let p = Process()
            p.executableURL = URL(fileURLWithPath: try Strata.binary())
            p.arguments = ["snapshot", "save", file, "--endpoints", etcd.endpoint]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            // Ctrl-C as soon as the temporary file exists, i.e. in the middle of the download.
            let deadline = Date().addingTimeInterval(20)
            var sawTemporary = false
            while p.isRunning && Date() < deadline {
                if let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path), names.contains(where: { $0.contains(".part") }) {
                    sawTemporary = true
                    kill(p.processIdentifier, SIGINT)
                    break
                }
                usleep(500)
            }
            p.waitUntilExit()
            #expect(sawTemporary)
            #expect(p.terminationStatus == 128 + SIGINT)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        }

        @Test func statusOfAFileThatIsNoSnapshotIsAClearError() throws {
            let dir = try Self.tempDir()
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("junk.db")
            try Data(repeating: 0x41, count: 10_000).write(to: file)
            let r = try Strata.run(["snapshot", "status", file.path])
            #expect(r.status != 0)
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            let missing = try Strata.run(["snapshot", "status", dir.appendingPathComponent("nope.db").path])
            #expect(missing.status != 0)
        }
    }
}
