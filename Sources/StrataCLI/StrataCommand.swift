import ArgumentParser

/// The root command. Each subcommand lives in its own file and delegates to StrataCore.
public struct StrataCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Look inside the etcd storage of Kubernetes: decode, encode, read live etcd and snapshots.",
        version: "0.1.0",
        subcommands: [
            // Keep one command per line: several people add to this list.
            DecodeCommand.self,
            EncodeCommand.self,
            GetCommand.self,
            PutCommand.self,
            EditCommand.self,
            DeleteCommand.self,
            WatchCommand.self,
            SnapshotCommand.self,
            HistoryCommand.self,
            DiffCommand.self,
            AnalyzeCommand.self,
            HashKVCommand.self,
            ExportCommand.self,
            ClusterCommand.self,
        ]
    )

    public init() {}
}
