import Foundation

/// The upstream fixtures live in ../shared next to the repository (never copied into it).
enum Fixtures {
    static let directory: URL = {
        if let env = ProcessInfo.processInfo.environment["STRATA_SHARED"] {
            return URL(fileURLWithPath: env).appendingPathComponent("fixtures/kubernetes-api/HEAD")
        }
        // Tests/KubeCodecTests/<file> → repo root; resolve links in case a scratch package points here.
        let testDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().resolvingSymlinksInPath()
        let repo = testDir.deletingLastPathComponent().deletingLastPathComponent()
        return repo.deletingLastPathComponent().appendingPathComponent("shared/fixtures/kubernetes-api/HEAD")
    }()

    /// Fixture base names (`core.v1.Pod`), sorted.
    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".pb") }.map { String($0.dropLast(3)) }.sorted()
    }()

    static func data(_ name: String, _ ext: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent("\(name).\(ext)")))
    }
}
