import ArgumentParser
import Foundation
import StrataCore

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every live object as a file under DIR/<resource>/<namespace>/<name>.yaml, plus DIR/index.jsonl.",
        discussion: """
            strata export --file backup.db out/
            strata export --file /var/lib/etcd --rev 5120 out/ --force
            """
    )

    @Argument(help: "The directory to write (must be empty unless --force).") var directory: String
    @OptionGroup var offline: OfflineFileOptions
    @OptionGroup var connection: ConnectionOptions
    @Option(name: [.short, .customLong("output")], help: "Format of the object files: yaml, json or raw.") var output = "yaml"
    @Option(help: "Export the objects as they were at this revision (0 = latest).") var rev: Int64 = 0
    @Flag(help: "Write into a directory that is not empty (existing files with the same names are replaced).") var force = false
    @Option(help: "kube-apiserver's --etcd-prefix.") var etcdPrefix = "/registry"

    func run() async throws {
        guard let format = OutputFormat(rawValue: output), [.yaml, .json, .raw].contains(format) else {
            throw ValidationError("-o must be yaml, json or raw, not \(output)")
        }
        let op = ExportOperation(directory: directory, force: force, revision: rev, etcdPrefix: etcdPrefix)
        let outcome: ExportOperation.Outcome
        if let source = try offline.open() {
            outcome = try await op.run(from: source, printerOptions: .init(format: format))
        } else {
            outcome = try await connection.withEtcd { etcd in
                try await op.run(from: LiveSource(etcd, description: connection.description), printerOptions: .init(format: format))
            }
        }
        let undecodable = outcome.undecodable > 0 ? " (\(outcome.undecodable) of them did not decode as objects)" : ""
        FileHandle.standardError.write(Data(("exported \(outcome.objects) objects and \(outcome.rawFiles) raw values\(undecodable) "
            + "at revision \(outcome.revision) to \(directory)\n").utf8))
    }
}
