import EngineKit
import Foundation
import EngineStore

extension ClusterGenerator {
    /// Generates into a new embedded store and writes it as an etcd snapshot file (bbolt plus the
    /// SHA-256 trailer `etcdctl snapshot restore` checks), atomically: a temp file, fsync, rename.
    public static func generate(_ options: GenerateOptions, toFile path: String) async throws -> GenerateReport {
        let clock = EngineClock()
        let store = EmbeddedStore(configuration: .init(seed: options.spec.seed, clock: clock,
                                                       memberName: options.spec.hostname))
        let report = try await generate(options, store: store, clock: clock)
        try store.writeDatabase(to: path, asSnapshot: true)
        return report
    }
}

extension ClusterGenerator {
    /// Generates a scenario into a snapshot file in a fresh temporary directory and returns its
    /// path; the caller reads it and removes the directory. This is how the read commands serve
    /// the embedded default (`strata get --engine demo`) through the same offline reader as any
    /// backup.
    public static func temporarySnapshot(_ options: GenerateOptions) async throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("strata-engine-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("\(options.scenario.rawValue).db").path
        do {
            _ = try await generate(options, toFile: path)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        return path
    }
}
