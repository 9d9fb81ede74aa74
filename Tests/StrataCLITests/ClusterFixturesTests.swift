import Foundation
import Testing

/// Fixtures/clusters/ holds what `scripts/make-cluster-fixtures.sh` wrote: for each scenario and
/// Kubernetes version, the snapshot `strata cluster generate --seed 1` writes and the YAML
/// export of everything under /registry. Regenerating them must give the same bytes: the engine
/// is deterministic, and a change to its output shows up here until the script is rerun.
@Suite struct ClusterFixturesTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/clusters")

    static let cases: [(scenario: String, version: String)] = ["fresh", "deployment", "demo"].flatMap { scenario in
        ["1.33", "1.34", "1.35", "1.36"].map { (scenario, $0) }
    }

    @Test(arguments: cases.map { "\($0.scenario)-\($0.version)" })
    func regeneratingGivesTheSameBytes(_ name: String) throws {
        let parts = name.split(separator: "-")
        let scenario = String(parts[0]), version = String(parts[1])
        let committedDB = Self.directory.appendingPathComponent("\(name).db")
        let committedYAML = Self.directory.appendingPathComponent("\(name).yaml")
        let expectedDB = try Data(contentsOf: committedDB)
        let expectedYAML = try Data(contentsOf: committedYAML)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-fixtures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("\(name).db").path
        let generated = try Strata.run(["cluster", "generate", "--scenario", scenario, "--kube-version", version,
                                        "--seed", "1", "--out", db], timeout: 300)
        #expect(generated.status == 0, "\(generated.stderr)")
        let regenerated = try Data(contentsOf: URL(fileURLWithPath: db))
        #expect(regenerated.count == expectedDB.count)
        #expect(regenerated == expectedDB, "\(name).db differs from the committed fixture; rerun scripts/make-cluster-fixtures.sh if the engine changed on purpose")

        let exported = try Strata.run(["get", "--file", db, "--prefix", "/registry", "--kube-version", version, "-o", "yaml"],
                                      timeout: 120)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdoutBytes == expectedYAML, "\(name).yaml differs from the committed export")
        // The export is a real cluster's worth of objects, not an empty stream.
        #expect(exported.stdout.components(separatedBy: "\n---\n").count > 250)
    }
}
