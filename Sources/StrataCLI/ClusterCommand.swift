import ArgumentParser

struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Generate realistic Kubernetes etcd contents with Strata's built-in control plane.",
        subcommands: [ClusterGenerateCommand.self]
    )
}
