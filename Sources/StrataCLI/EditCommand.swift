import ArgumentParser
import StrataCore

struct EditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Edit a stored object in $EDITOR and write it back only if nobody changed it meanwhile.",
        discussion: """
            strata edit /registry/deployments/default/web
            strata edit deploy web -n default
            """
    )

    @OptionGroup var target: TargetOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let messages = OutputSink(fd: 2)
        let outcome = try await connection.withEtcd { etcd in
            let resolved = try await target.spec.resolve(customResourcesFrom: LiveSource(etcd, description: connection.description))
            guard !resolved.isPrefix else { throw ValidationError("edit takes one key or one named object") }
            let session = EditSession(key: resolved.key, codec: StoredValueCodecs.standard, editor: .fromEnvironment())
            return try await session.run(etcd) { line in
                messages.write(line + "\n")
                messages.flush()
            }
        }
        if case .saved(let revision) = outcome {
            let sink = OutputSink()
            sink.write("edited \(target.arguments.joined(separator: " ")) mod_revision=\(revision)\n")
            sink.flush()
        }
    }
}
