import ArgumentParser
import StrataCore

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every stored revision of one key, across deletions and re-creations.",
        discussion: """
            strata history /registry/deployments/default/web --file backup.db
            strata history deploy web -n default --file /var/lib/etcd -o json
            strata history /registry/deployments/default/web --endpoints 127.0.0.1:2379
            """
    )

    @OptionGroup var target: TargetOptions
    @OptionGroup var output: RecordOutputOptions
    @OptionGroup var offline: OfflineFileOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        if let source = try offline.open() {
            try await history(from: source)
        } else {
            try await connection.withEtcd { etcd in
                try await history(from: LiveSource(etcd, description: connection.description))
            }
        }
    }

    private func history(from source: any HistorySource) async throws {
        let resolved = try await target.spec.resolve(customResourcesFrom: source)
        guard !resolved.isPrefix else { throw ValidationError("history takes one key, not a prefix") }
        let sink = OutputSink()
        let printer = RecordPrinter(options: try output.printerOptions(), sink: sink)
        try await HistoryOperation(key: resolved.key).print(from: source, printer: printer, sink: sink)
        sink.flush()
    }
}
