import ArgumentParser
import Foundation
import StrataCore

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Counts and bytes per resource and kind, the biggest objects, revisions, tombstones and compaction.",
        discussion: """
            strata analyze --file backup.db
            strata analyze --file /var/lib/etcd -o json
            strata analyze --endpoints 127.0.0.1:2379     (live keys only)
            """
    )

    @OptionGroup var offline: OfflineFileOptions
    @OptionGroup var connection: ConnectionOptions
    @Option(name: [.short, .customLong("output")], help: "text or json.") var output = "text"
    @Option(help: "How many of the largest objects to list.") var top = 12
    @Option(help: "kube-apiserver's --etcd-prefix.") var etcdPrefix = "/registry"

    func run() async throws {
        guard output == "text" || output == "json" else { throw ValidationError("-o must be text or json, not \(output)") }
        let op = AnalyzeOperation(top: top, etcdPrefix: etcdPrefix)
        let report: AnalyzeReport
        if let source = try offline.open() {
            report = try await op.run(on: source)
        } else {
            report = try await connection.withEtcd { etcd in
                try await op.run(on: LiveSource(etcd, description: connection.description))
            }
        }
        let sink = OutputSink()
        if output == "json" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            sink.write(try encoder.encode(report))
            sink.write("\n")
        } else {
            sink.write(AnalyzeText.render(report))
        }
        sink.flush()
    }
}
