import ArgumentParser

struct DecodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode values stored in etcd by Kubernetes (any etcdctl output form) to YAML or JSON."
    )

    @Argument(help: "Input file (default: standard input).")
    var file: String?

    func run() async throws {
        throw ValidationError("decode: not implemented yet")
    }
}
