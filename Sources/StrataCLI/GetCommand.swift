import ArgumentParser
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

    func run() async throws {
        let sink = OutputSink()
        let messages = OutputSink(fd: 2)
        let printer = RecordPrinter(options: try output.printerOptions(), sink: sink)
        if let file {
            let source = try OfflineSource(path: file)
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
