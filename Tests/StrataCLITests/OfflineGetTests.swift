import EtcdTestSupport
import Foundation
import Testing

extension LiveEtcdCommandTests {
    /// `get --file` reads a snapshot (or a stopped member's data dir) and prints what the live
    /// etcd printed for the same request.
    @Suite struct OfflineGetTests {
        @Test func snapshotAndDataDirAnswerLikeTheLiveServer() throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            try etcd.etcdctl(["put", "/registry/pods/default/a", "pod-a-v1"])
            let rev = try EtcdFixtures.revision(etcd)
            try etcd.etcdctl(["put", "/registry/pods/default/a", "pod-a-v2"])
            try etcd.etcdctl(["put", "/registry/pods/kube-system/b", "pod-b"])
            try etcd.etcdctl(["put", "/registry/services/specs/default/s", "svc"])
            try etcd.etcdctl(["del", "/registry/pods/kube-system/b"])
            try etcd.etcdctl(["put", "/registry/pods/kube-system/c", "pod-c"])

            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-offline-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let snapshot = dir.appendingPathComponent("backup.db").path
            let saved = try Strata.run(["snapshot", "save", snapshot, "--endpoints", etcd.endpoint])
            #expect(saved.status == 0, "\(saved.stderr)")

            let requests: [[String]] = [
                ["pods", "-A", "--keys-only", "--show-revisions"],
                ["pods", "-A", "--keys-only", "--rev", String(rev)],
                ["--prefix", "/registry/", "--count-only"],
                ["pods", "a", "-o", "raw"],
                ["pods", "a", "-o", "raw", "--rev", String(rev)],
            ]
            var live: [String] = []
            for args in requests {
                let r = try Strata.run(["get"] + args + ["--endpoints", etcd.endpoint])
                #expect(r.status == 0, "\(args): \(r.stderr)")
                live.append(r.stdout)
            }
            #expect(live[0].contains("/registry/pods/kube-system/c") && !live[0].contains("/registry/pods/kube-system/b"))
            #expect(live[1] == "/registry/pods/default/a\n")
            #expect(live[4].contains("pod-a-v1"))

            for (args, expected) in zip(requests, live) {
                let r = try Strata.run(["get"] + args + ["--file", snapshot])
                #expect(r.status == 0, "\(args): \(r.stderr)")
                #expect(r.stdout == expected, "snapshot \(args)")
            }
            // The member's own data dir, after a clean stop.
            etcd.stop(removeDirectory: false)
            for (args, expected) in zip(requests, live) {
                let r = try Strata.run(["get"] + args + ["--file", etcd.dataDir.path])
                #expect(r.status == 0, "\(args): \(r.stderr)")
                #expect(r.stdout == expected, "data dir \(args)")
            }
            try? FileManager.default.removeItem(at: etcd.directory)
        }
    }
}
