import EtcdTestSupport
import Foundation
import Testing

extension LiveEtcdCommandTests {
    /// `strata watch` prints each event with its header; starting at a revision replays history.
    @Suite struct WatchTests {
        @Test(arguments: ["grpc", "http"])
        func eventsFromARevision(transport: String) throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            try etcd.etcdctl(["put", "/other/x", "ignored"])
            let start = try EtcdFixtures.revision(etcd) + 1
            try etcd.etcdctl(["put", "/registry/pods/default/a", "pod-a-v1"])
            try etcd.etcdctl(["put", "/registry/pods/kube-system/b", "pod-b-v1"])
            try etcd.etcdctl(["put", "/registry/podtemplates/default/t", "not-a-pod"])
            try etcd.etcdctl(["del", "/registry/pods/default/a"])
            let end = try EtcdFixtures.revision(etcd)

            let r = try Strata.run(["watch", "pods", "-A", "--rev", String(start), "--max-events", "3", "-o", "raw"]
                                   + Strata.connection(etcd.endpoint, transport), timeout: 30)
            #expect(r.status == 0, "\(r.stderr)")
            let headers = r.stdout.split(separator: "\n").filter { $0.hasPrefix("# ") }.map(String.init)
            #expect(headers == [
                "# PUT /registry/pods/default/a mod_revision=\(start)",
                "# PUT /registry/pods/kube-system/b mod_revision=\(start + 1)",
                "# DELETE /registry/pods/default/a mod_revision=\(end)",
            ])
            #expect(r.stdout.contains("pod-a-v1") && r.stdout.contains("pod-b-v1"))
            #expect(!r.stdout.contains("not-a-pod"))
        }

        @Test(arguments: ["grpc", "http"])
        func liveEventsFromNow(transport: String) throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            let binary = try Strata.binary()
            let p = Process()
            p.executableURL = URL(fileURLWithPath: binary)
            p.arguments = ["watch", "/live/k", "--max-events", "2", "-o", "raw"] + Strata.connection(etcd.endpoint, transport)
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            // The watch starts "now": keep writing until the process has seen two events.
            var i = 0
            let deadline = Date().addingTimeInterval(20)
            while p.isRunning && Date() < deadline {
                i += 1
                try etcd.etcdctl(["put", "/live/k", "live-\(i)"])
                Thread.sleep(forTimeInterval: 0.2)
            }
            if p.isRunning { p.terminate() }
            p.waitUntilExit()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(p.terminationStatus == 0)
            #expect(text.components(separatedBy: "# PUT /live/k mod_revision=").count == 3, "\(text)")
        }

        @Test func compactedStartRevisionIsAnError() throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            for i in 0..<5 { try etcd.etcdctl(["put", "/c/k", "v\(i)"]) }
            let rev = try EtcdFixtures.revision(etcd)
            try etcd.etcdctl(["compact", String(rev)])
            let r = try Strata.run(["watch", "/c/k", "--rev", "2", "--endpoints", etcd.endpoint], timeout: 30)
            #expect(r.status != 0)
            #expect(r.stderr.contains("compacted"), "\(r.stderr)")
        }
    }
}
