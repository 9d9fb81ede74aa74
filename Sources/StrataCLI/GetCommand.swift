import ArgumentParser
import EngineCluster
import EngineKit
import KubeCodec
import Foundation
import StrataCore

struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Read keys from etcd (or offline from a snapshot with --file) and print them decoded.",
        discussion: """
            strata get /registry/pods/default/web-0
            strata get --prefix /registry/deployments -o json
            strata get pods -n kube-system
            strata get deploy web --rev 1234
            strata get pods -A --file backup.db
            strata get pods -A --engine demo          # a cluster the built-in engine generates on the spot
            """
    )

    @OptionGroup var target: TargetOptions
    @OptionGroup var output: RecordOutputOptions
    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print keys only.") var keysOnly = false
    @Flag(help: "Print the number of keys only.") var countOnly = false
    @Option(help: "At most this many keys (0 = all).") var limit: Int64 = 0
    @Option(help: "Read at this revision (0 = latest).") var rev: Int64 = 0
    @Option(help: "Keys per request when paging a range.") var chunkSize: Int64 = 500
    @Option(help: "Read offline from a snapshot, bbolt db file or data dir instead of a live etcd.") var file: String?
    @Option(help: ArgumentHelp("Read from a cluster the built-in engine generates on the spot (fresh, deployment, demo; seed 1, --kube-version or 1.35): the embedded default.",
                               valueName: "scenario"))
    var engine: String?

    func run() async throws {
        let sink = OutputSink()
        let messages = OutputSink(fd: 2)
        let printer = RecordPrinter(options: try output.printerOptions(), sink: sink)
        if let file {
            let source = try OfflineSource(path: file)
            try await get(from: source, printer: printer, sink: sink, messages: messages)
        } else if let engine {
            guard let scenario = Scenario(rawValue: engine), scenario != .scale else {
                throw ValidationError("--engine must be fresh, deployment or demo")
            }
            var spec = ClusterSpec()
            if let text = output.kubeVersion {
                guard let version = KubeVersion(text), ClusterSpec.supportedVersions.contains(version) else {
                    throw ValidationError("--engine generates Kubernetes 1.33 to 1.36, not \(text)")
                }
                spec = ClusterSpec(kubeVersion: version)
            }
            let path = try await ClusterGenerator.temporarySnapshot(GenerateOptions(spec: spec, scenario: scenario))
            defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
            let source = try OfflineSource(path: path)
            try await get(from: source, printer: printer, sink: sink, messages: messages)
        } else {
            try await connection.withEtcd { etcd in
                let source = LiveSource(etcd, description: connection.description)
                try await get(from: source, printer: printer, sink: sink, messages: messages)
            }
        }
    }

    func get(from source: any KeyValueSource, printer: RecordPrinter, sink: OutputSink, messages: OutputSink) async throws {
        let resolved = try await target.spec.resolve(customResourcesFrom: source)
        let op = GetOperation(target: resolved, revision: rev, limit: limit, keysOnly: keysOnly,
                              countOnly: countOnly, chunkSize: chunkSize)
        try await op.print(from: source, printer: printer, sink: sink, messages: messages)
    }
}
