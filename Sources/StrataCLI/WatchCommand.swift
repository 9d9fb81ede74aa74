import ArgumentParser
import StrataCore

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print changes to a key or prefix as they happen, decoded.",
        discussion: """
            strata watch --prefix /registry/pods
            strata watch pods -A --rev 1200
            """
    )

    @OptionGroup var target: TargetOptions
    @OptionGroup var output: RecordOutputOptions
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Start at this revision (default: now).") var rev: Int64 = 0
    @Option(help: "Exit after this many events (default: run until interrupted).") var maxEvents: Int = 0

    func run() async throws {
        let sink = OutputSink()
        let printer = RecordPrinter(options: try output.printerOptions(), sink: sink)
        try await connection.withEtcd { etcd in
            let resolved = try await target.spec.resolve(customResourcesFrom: LiveSource(etcd, description: connection.description))
            let op = WatchOperation(target: resolved, startRevision: rev, maxEvents: maxEvents)
            try await op.print(etcd, printer: printer, sink: sink)
        }
    }
}
