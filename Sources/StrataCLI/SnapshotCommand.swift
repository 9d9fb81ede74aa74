import ArgumentParser

struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Save an etcd snapshot, or show what a snapshot file holds.",
        subcommands: [SnapshotSaveCommand.self, SnapshotStatusCommand.self]
    )
}
