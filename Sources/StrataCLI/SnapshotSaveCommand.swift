import ArgumentParser
import Foundation
import StrataCore

struct SnapshotSaveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save",
        abstract: "Stream a snapshot from etcd into FILE: verified, fsynced, renamed into place; no file on failure."
    )

    @Argument(help: "Where to write the snapshot.") var file: String
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let bar = ProgressBar.forStandardError(label: "snapshot")
        var save = SnapshotSave(path: file)
        if let bar {
            save.progress = { done, total in bar.update(done: done, total: total) }
        }
        let result = try await connection.withEtcd { etcd in
            defer { bar?.finish() }
            return try await save.run(etcd)
        }
        let sink = OutputSink()
        sink.write("Snapshot saved at \(file) (\(result.size) bytes, sha256 \(result.sha256.map { String(format: "%02x", $0) }.joined()))\n")
        sink.flush()
    }
}
