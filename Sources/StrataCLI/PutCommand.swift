import ArgumentParser
import Foundation
import StrataCore

struct PutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Encode a YAML/JSON object and write it to a key, without overwriting anyone's change.",
        discussion: """
            A new key is created only if it does not exist; replace an existing one with
            --if-mod-revision R (the mod revision you read) or --force.
            strata put /registry/configmaps/default/cfg cfg.yaml
            """
    )

    @Argument(help: "The etcd key.") var keyPath: String
    @Argument(help: "YAML or JSON file (default: standard input).") var file: String?
    @Flag(help: "Store the input bytes as they are, without encoding.") var raw = false
    @OptionGroup var writeGuard: WriteGuardOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let guardMode = try writeGuard.writeGuard(unguarded: .createOnly)
        let document = try InputFile.read(file)
        let codec: any StoredValueCodec = raw ? PassthroughCodec() : StoredValueCodecs.standard
        let result = try await connection.withEtcd { etcd in
            try await WriteOperation.putDocument(etcd, key: Array(keyPath.utf8), document: document, codec: codec, guard: guardMode)
        }
        let sink = OutputSink()
        sink.write("\(result.replaced ? "replaced" : "created") \(keyPath) mod_revision=\(result.revision)\n")
        sink.flush()
    }
}

/// Reads a whole input file, `-` or nil meaning standard input.
enum InputFile {
    static func read(_ path: String?) throws -> [UInt8] {
        if path == nil || path == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        guard let path, let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path ?? "-")")
        }
        return Array(data)
    }
}
