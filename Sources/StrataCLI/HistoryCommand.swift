import ArgumentParser
import StrataCore

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every stored revision of one key, across deletions and re-creations.",
        discussion: """
            strata history /registry/deployments/default/web --file backup.db
            strata history deploy web -n default --file /var/lib/etcd -o json
            """
    )

    @OptionGroup var target: TargetOptions
    @OptionGroup var output: RecordOutputOptions
    @OptionGroup var offline: OfflineFileOptions

    func run() async throws {
        guard let source = try offline.open() else {
            throw ValidationError("history needs --file for now (reading it from a live etcd is not implemented yet)")
        }
        let resolved = try await target.spec.resolve(customResourcesFrom: source)
        guard !resolved.isPrefix else { throw ValidationError("history takes one key, not a prefix") }
        let sink = OutputSink()
        let printer = RecordPrinter(options: try output.printerOptions(), sink: sink)
        try await HistoryOperation(key: resolved.key).print(from: source, printer: printer, sink: sink)
        sink.flush()
    }
}
