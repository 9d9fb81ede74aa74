import ArgumentParser
import Foundation
import StrataCore

struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encode a YAML or JSON object into the bytes kube-apiserver stores in etcd.",
        discussion: """
        Built-in kinds become the k8s\\0 protobuf envelope; APIServices and CRDs become JSON as their \
        servers store them; other kinds are written as custom resources (JSON with sorted keys). \
        metadata.resourceVersion and selfLink are cleared, as the apiserver does before storing.
        Example: strata encode pod.yaml | etcdctl put /registry/pods/default/web-0
        """
    )

    @Argument(help: "YAML or JSON file with one object (default: standard input).")
    var file: String?

    @Option(name: [.customLong("output"), .short], help: "raw (the stored bytes) or hex.")
    var output: EncodeOperation.OutputForm = .raw

    @Flag(help: "Keep metadata.resourceVersion and selfLink instead of clearing them.")
    var keepResourceVersion = false

    func run() throws {
        let input = try InputFiles.read(file)
        let result = try CommandErrors.reporting { try EncodeOperation.encode(input, keepResourceVersion: keepResourceVersion) }
        for w in result.warnings { FileHandle.standardError.write(Data("strata: warning: \(w)\n".utf8)) }
        switch output {
        case .raw: FileHandle.standardOutput.write(Data(result.bytes))
        case .hex: FileHandle.standardOutput.write(Data(EncodeOperation.hex(result.bytes).utf8))
        }
    }
}

extension EncodeOperation.OutputForm: ExpressibleByArgument {}
