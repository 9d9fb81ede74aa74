import ArgumentParser
import StrataCore

struct SnapshotStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Hash, revision, key count and size of a snapshot file, as etcdctl snapshot status prints them."
    )

    @Argument(help: "A snapshot file or bbolt db.") var file: String
    @Option(name: [.short, .customLong("write-out")], help: "simple, table or json.") var writeOut = "simple"

    func run() async throws {
        let status = try SnapshotStatus.read(path: file)
        let text: String
        switch writeOut.lowercased() {
        case "simple": text = status.simple
        case "table": text = status.table
        case "json": text = status.json
        default: throw ValidationError("-w must be simple, table or json, not \(writeOut)")
        }
        let sink = OutputSink()
        sink.write(text)
        sink.flush()
    }
}
