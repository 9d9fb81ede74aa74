import ArgumentParser
import StrataCore

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare one key at two revisions (unified diff of the decoded objects).",
        discussion: "strata diff /registry/deployments/default/web --file backup.db --from 5120 --to 5188"
    )

    @OptionGroup var target: TargetOptions
    @OptionGroup var output: RecordOutputOptions
    @OptionGroup var offline: OfflineFileOptions
    @OptionGroup var connection: ConnectionOptions

    @Option(help: "The older revision.") var from: Int64
    @Option(help: "The newer revision (0 = latest).") var to: Int64 = 0

    func run() async throws {
        if let source = try offline.open() {
            try await diff(source)
        } else {
            try await connection.withEtcd { etcd in
                try await diff(LiveSource(etcd, description: connection.description))
            }
        }
    }

    func diff(_ source: any KeyValueSource) async throws {
        let resolved = try await target.spec.resolve(customResourcesFrom: source)
        guard !resolved.isPrefix else { throw ValidationError("diff takes one key, not a prefix") }
        let text = try await HistoryDiff(key: resolved.key, from: from, to: to).run(on: source, printerOptions: try output.printerOptions())
        let sink = OutputSink()
        sink.write(text)
        sink.flush()
    }
}
