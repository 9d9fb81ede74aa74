import ArgumentParser
import StrataCore

struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a key (guarded by --if-mod-revision) or, with --force, every key under a prefix.",
        discussion: """
            strata delete /registry/pods/default/web-0 --if-mod-revision 1234
            strata delete pods web-0 -n default
            strata delete --prefix /registry/events/ --force
            """
    )

    @OptionGroup var target: TargetOptions
    @OptionGroup var writeGuard: WriteGuardOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let guardMode = try writeGuard.writeGuard(unguarded: .createOnly)
        let result = try await connection.withEtcd { etcd in
            let resolved = try await target.spec.resolve(customResourcesFrom: LiveSource(etcd, description: connection.description))
            return try await WriteOperation.delete(etcd, target: resolved, guard: guardMode)
        }
        let sink = OutputSink()
        sink.write("deleted \(result.deleted) key\(result.deleted == 1 ? "" : "s") at revision \(result.revision)\n")
        sink.flush()
    }
}
