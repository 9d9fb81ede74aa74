import ArgumentParser
import EngineCluster
import EngineStoreEtcd
import EngineKit
import Foundation
import GoJSON
import GoYAML
import KubeCodec
import StrataCore

struct ClusterGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Run a simulated cluster and write what it stores: an etcd snapshot file, or into a real etcd.",
        discussion: """
            strata cluster generate --scenario fresh --out cluster.db
            strata cluster generate --scenario deployment --kube-version 1.33 --seed 7 --out deploy.db
            strata cluster generate --scenario fresh --apply my-app.yaml --out app.db
            strata cluster generate --scenario fresh --endpoints http://127.0.0.1:2379
            strata get --file cluster.db pods -A

            On Linux with glibc the command re-executes itself once with \
            GLIBC_TUNABLES=glibc.malloc.tcache_count=65000 (a larger per-thread malloc cache; the engine \
            allocates and frees millions of small objects). A GLIBC_TUNABLES already set, even empty, is kept.
            """
    )

    @Option(help: "fresh, deployment, demo or scale.") var scenario = "fresh"
    @Option(name: .customLong("kube-version"), help: "The Kubernetes release to imitate (1.33 to 1.36).") var kubeVersion = "1.35"
    @Option(help: "Seed of every uid, name suffix, IP and timestamp: the same seed gives the same bytes.") var seed: UInt64 = 1
    @Option(help: "Write an etcd snapshot file here (restorable with etcdctl snapshot restore).") var out: String?
    @Option(help: "Worker nodes (scale: all nodes).") var nodes: Int = 0
    @Option(help: "Pods (scale scenario).") var pods: Int = 0
    @Option(parsing: .singleValue, help: "Manifests to create after the scenario (multi-document YAML or JSON); repeatable.")
    var apply: [String] = []
    @Option(help: "Engine seconds to keep running after the cluster settles (lease renewals, compaction).")
    var duration: Double?
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        // Before anything is read (an --apply of /dev/stdin would be read twice otherwise).
        AllocatorTuning.reexecWithLargerThreadCache()
        guard let scenario = Scenario(rawValue: scenario) else {
            throw ValidationError("--scenario must be one of \(Scenario.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let version = KubeVersion(kubeVersion), ClusterSpec.supportedVersions.contains(version) else {
            throw ValidationError("--kube-version must be one of 1.33, 1.34, 1.35, 1.36")
        }
        var manifests: [JSONValue] = []
        for path in apply {
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
            manifests += try YAMLInput.parseDocuments(String(decoding: data, as: UTF8.self)).filter { $0 != .null }
        }
        let options = GenerateOptions(spec: ClusterSpec(kubeVersion: version, seed: seed), scenario: scenario,
                                      nodes: nodes, pods: pods, apply: manifests, duration: duration)
        let report: GenerateReport
        if let out {
            report = try await ClusterGenerator.generate(options, toFile: out)
        } else if connection.endpoints != nil || ProcessInfo.processInfo.environment["ETCDCTL_ENDPOINTS"] != nil {
            report = try await connection.withEtcd { client in
                try await ClusterGenerator.generate(options, store: EtcdBackedStore(client: client), clock: EngineClock())
            }
        } else {
            throw ValidationError("give --out FILE or --endpoints URL")
        }
        let where_ = out ?? "etcd"
        FileHandle.standardError.write(Data("""
            \(scenario.rawValue) cluster (Kubernetes \(version), seed \(seed)): \(report.keys) keys at revision \(report.revision), \
            \(Int(report.engineSeconds)) s of engine time\(report.settled ? "" : " (not settled)") → \(where_)\n
            """.utf8))
    }
}
