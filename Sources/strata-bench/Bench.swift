import Foundation

/// `strata-bench <suite> [options]`. Performance is measured here, never by timing assertions in tests.
@main
enum Bench {
    static let suites: [(String, String, @Sendable ([String]) throws -> Void)] = [
        ("codec", "decode a RangeResponse of stored objects to JSON/YAML, encode JSON back", runCodecBench),
        ("client", "get --prefix and snapshot save against etcd, beside etcdctl", runClientBench),
        ("offline", "scan and decode a large snapshot file offline", runOfflineBench),
        ("engine-store", "puts, ranges and db-file writes of the embedded engine store", runEngineStoreBench),
        ("engine", "pods created per second through the engine's API server; scenarios generated to a settled cluster", runEngineBench),
    ]

    static func main() {
        let args = Array(CommandLine.arguments.dropFirst())
        guard let name = args.first, let suite = suites.first(where: { $0.0 == name }) else {
            print("usage: strata-bench <suite> [options]\nsuites:")
            for s in suites { print("  \(s.0.padding(toLength: 14, withPad: " ", startingAt: 0)) \(s.1)") }
            exit(args.isEmpty || args.first == "--help" ? 0 : 2)
        }
        do {
            try suite.2(Array(args.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("strata-bench: \(error)\n".utf8))
            exit(1)
        }
    }
}
