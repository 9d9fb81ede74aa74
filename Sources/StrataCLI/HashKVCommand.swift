import ArgumentParser
import EtcdOffline
import StrataCore

struct HashKVCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hashkv",
        abstract: "The hash etcd's HashKV computes (etcdctl endpoint hashkv), from a snapshot, a data dir or a live etcd.",
        discussion: """
            strata hashkv --file backup.db --rev 5120
            strata hashkv --endpoints 127.0.0.1:2379
            """
    )

    @OptionGroup var offline: OfflineFileOptions
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Hash the history up to this revision (0 = latest).") var rev: Int64 = 0
    @Option(name: [.short, .customLong("write-out")], help: "simple or json.") var writeOut = "simple"

    func run() async throws {
        guard writeOut == "simple" || writeOut == "json" else { throw ValidationError("-w must be simple or json, not \(writeOut)") }
        let result: HashKVResult
        if let source = try offline.open() {
            result = try source.wrap { try source.store.hashKV(revision: rev) }
        } else {
            let response = try await connection.withEtcd { try await $0.hashKV(revision: rev) }
            result = HashKVResult(hash: response.hash, revision: response.header.revision, compactRevision: response.compactRevision)
        }
        let sink = OutputSink()
        if writeOut == "json" {
            sink.write("{\"hash\":\(result.hash),\"revision\":\(result.revision),\"compact_revision\":\(result.compactRevision)}\n")
        } else {
            sink.write("hash \(result.hash) revision \(result.revision) compact_revision \(result.compactRevision)\n")
        }
        sink.flush()
    }
}
