import EngineKit
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
