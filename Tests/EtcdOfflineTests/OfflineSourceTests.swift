import EtcdModel
import Foundation
import StrataCore
import Testing

/// The StrataCore side: the offline source behind `get`/`history`, analyze and export, checked
/// against what the real etcd answered.
@Suite struct OfflineSourceTests {
    func expectedLatest() throws -> [KeyValue] {
        let s = try RecordedScenario.get()
        let latest = try #require(s.gets.first { $0.revision == 0 })
        return latest.kvs.map {
            KeyValue(key: $0.base64("key"), createRevision: $0.int64("create_revision"), modRevision: $0.int64("mod_revision"),
                     version: $0.int64("version"), value: $0.base64("value"), lease: $0.int64("lease"))
        }
    }

    @Test func pagedScanEqualsEtcd() async throws {
        let s = try RecordedScenario.get()
        let source = try OfflineSource(path: s.snapshotPath)
        var got: [KeyValue] = []
        let (rev, count) = try await source.scan(RangeQuery(key: [0], rangeEnd: [0]), pageSize: 7) { got.append($0) }
        #expect(got == (try expectedLatest()))
        #expect(count == Int64(got.count))
        #expect(rev == s.currentRevision)
        // Older revisions through the same interface, with a prefix and a limit.
        let older = try #require(s.gets.first { $0.revision == s.compactRevision + 1 })
        let page = try await source.range(RangeQuery(key: Array("/registry/".utf8), rangeEnd: Array("/registry0".utf8),
                                                     revision: older.revision, limit: 3, keysOnly: true))
        let expectedKeys = older.kvs.map { $0.base64("key") }.filter { $0.starts(with: Array("/registry/".utf8)) }
        #expect(page.kvs.map(\.key) == Array(expectedKeys.prefix(3)))
        #expect(page.kvs.allSatisfy { $0.value.isEmpty })
        #expect(page.more)
        #expect(page.count == Int64(expectedKeys.count))
    }

    @Test func errorsAreOneLineFailures() async throws {
        let s = try RecordedScenario.get()
        let source = try OfflineSource(path: s.snapshotPath)
        await #expect(throws: CommandFailure.self) { _ = try await source.range(RangeQuery(key: [0], rangeEnd: [0], revision: 1)) }
        #expect(throws: CommandFailure.self) { _ = try OfflineSource(path: s.workDir.appendingPathComponent("missing.db").path) }
    }

    @Test func historyThroughTheSource() async throws {
        let s = try RecordedScenario.get()
        let source = try OfflineSource(path: s.dataDirCopy)
        let history = try await source.history(key: Array("/registry/deployments/default/web".utf8))
        let deletions = history.filter(\.isDeletion).map(\.modRevision)
        #expect(deletions.contains(try #require(s.deleteRevisions["/registry/deployments/default/web"]?.last)))
        let sink = OutputSink(fd: open("/dev/null", O_WRONLY))
        let printer = RecordPrinter(options: .init(format: .raw), sink: sink)
        let printed = try await HistoryOperation(key: Array("/registry/deployments/default/web".utf8)).print(from: source, printer: printer, sink: sink)
        #expect(printed == history.count)
        await #expect(throws: CommandFailure.self) {
            try await HistoryOperation(key: Array("/never/written".utf8)).print(from: source, printer: printer, sink: sink)
        }
    }

    @Test func analyzeCountsKindsAndHistory() async throws {
        let s = try RecordedScenario.get()
        let source = try OfflineSource(path: s.snapshotPath)
        let report = try await AnalyzeOperation(top: 5).run(on: source)
        let latest = try expectedLatest()
        #expect(report.liveKeys == latest.count)
        #expect(report.liveBytes == latest.reduce(0) { $0 + $1.key.count + $1.value.count })
        #expect(report.compactRevision == s.compactRevision)
        #expect(report.revision == s.currentRevision)
        // The scenario wrote: 2 pods (protobuf), 1 deployment, 1 + 39 configmaps, 1 namespace, 1 secret.
        func objects(_ kind: String) -> Int { report.kinds.first { $0.kind == kind }?.objects ?? 0 }
        #expect(objects("Pod") == 2)
        #expect(objects("Deployment") == 1)
        #expect(objects("ConfigMap") == 40)
        #expect(objects("Namespace") == 1)
        #expect(objects("Secret") == 1)
        #expect(report.kinds.first { $0.kind == "Deployment" }?.apiVersion == "apps/v1")
        #expect(report.encodings["other"] == 3)  // /plain/a, /txn/x, /txn/y
        #expect(report.groups.contains { $0.group == "/plain" && $0.keys == 1 })
        #expect(report.largestObjects.count == 5)
        #expect(report.largestObjects.map(\.bytes) == report.largestObjects.map(\.bytes).sorted(by: >))
        #expect((report.tombstones ?? 0) >= 2)
        #expect((report.revisions ?? 0) > report.liveKeys)
        #expect(report.leases == 1)
        let json = try JSONEncoder().encode(report)
        #expect(try JSONSerialization.jsonObject(with: json) is [String: Any])
        #expect(AnalyzeText.render(report).contains("apps/v1/Deployment"))
    }

    @Test func exportWritesTreeAndIndex() async throws {
        let s = try RecordedScenario.get()
        let source = try OfflineSource(path: s.snapshotPath)
        let dir = s.workDir.appendingPathComponent("export-\(UUID().uuidString)").path
        let op = ExportOperation(directory: dir, showProgress: false)
        let outcome = try await op.run(from: source, printerOptions: .init(format: .yaml))
        let latest = try expectedLatest()
        #expect(outcome.objects + outcome.rawFiles == latest.count)
        // /plain/a, /txn/x, /txn/y are not objects; values that look like objects but do not
        // decode (the bulk configmaps carry trailing bytes) are written raw too.
        #expect(outcome.rawFiles - outcome.undecodable == 3)
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: dir + "/deployments/default/web.yaml"))
        #expect(fm.fileExists(atPath: dir + "/pods/default/p2.yaml"))
        #expect(fm.fileExists(atPath: dir + "/namespaces/default.yaml"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/_other/plain/a.raw")) == Data("hello again".utf8))
        let lines = try String(contentsOfFile: dir + "/index.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == latest.count)
        for (line, kv) in zip(lines, latest) {
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(obj["key"] as? String == String(decoding: kv.key, as: UTF8.self))
            #expect(obj.int64("mod_revision") == kv.modRevision)
            #expect(obj.int64("create_revision") == kv.createRevision)
            #expect(obj.int64("lease") == kv.lease)
            #expect(fm.fileExists(atPath: dir + "/" + (obj["path"] as? String ?? "?")))
        }
        let enumerator = fm.enumerator(atPath: dir)
        while let name = enumerator?.nextObject() as? String { #expect(!name.hasSuffix(".partial")) }
        await #expect(throws: CommandFailure.self) { _ = try await op.run(from: source, printerOptions: .init(format: .yaml)) }
        var forced = op
        forced.force = true
        #expect(try await forced.run(from: source, printerOptions: .init(format: .yaml)) == outcome)
    }

    @Test func diffBetweenRevisions() async throws {
        let s = try RecordedScenario.get()
        let source = try OfflineSource(path: s.snapshotPath)
        let key = Array("/plain/a".utf8)
        let same = try await HistoryDiff(key: key, from: s.compactRevision, to: s.currentRevision).run(on: source, printerOptions: .init(format: .raw))
        #expect(same.isEmpty)
        let p1 = Array("/registry/pods/default/p1".utf8)
        let absent = try await HistoryDiff(key: Array("/registry/pods/default/p2".utf8), from: s.compactRevision, to: s.currentRevision)
            .run(on: source, printerOptions: .init(format: .raw))
        #expect(absent.hasPrefix("--- /registry/pods/default/p2@\(s.compactRevision) (absent)\n"))
        let changed = try await HistoryDiff(key: p1, from: s.compactRevision, to: s.currentRevision).run(on: source, printerOptions: .init(format: .raw))
        #expect(changed.contains("\n@@ "))
    }
}
