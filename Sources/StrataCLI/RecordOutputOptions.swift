import ArgumentParser
import KubeCodec
import StrataCore

/// `-o` and `--show-revisions`, shared by the commands that print stored records.
struct RecordOutputOptions: ParsableArguments {
    @Option(name: [.short, .customLong("output")], help: "Output format: yaml, json, jsonl, raw (stored bytes) or proto (protobuf payload).")
    var output: String = "yaml"

    @Flag(help: "Print create_revision, mod_revision and version with each record.")
    var showRevisions = false

    @Flag(help: "Print only apiVersion and kind of each object.")
    var metaOnly = false

    @Option(help: "Print as this Kubernetes version does (1.33 prints creationTimestamp: null; 1.34+ omits it). Default: newest.")
    var kubeVersion: String?

    @Flag(help: "Fail on protobuf fields the schema does not know (default: warn on stderr).")
    var strict = false

    func printerOptions() throws -> RecordPrinter.Options {
        guard let format = OutputFormat(rawValue: output.lowercased()) else {
            throw ValidationError("-o must be one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")), not \(output)")
        }
        var decode = DecodeOptions(strict: strict)
        if let kubeVersion {
            guard let v = KubeVersion(kubeVersion) else { throw ValidationError("--kube-version must look like 1.34, not \(kubeVersion)") }
            decode.kubeVersion = v
        }
        return RecordPrinter.Options(format: format, showRevisions: showRevisions, metaOnly: metaOnly, decode: decode)
    }
}

/// What names the keys: `KEY` (with `--prefix`) or `RESOURCE [NAME]` with `-n` / `-A`.
struct TargetOptions: ParsableArguments {
    @Argument(help: "An etcd key (/registry/...), or RESOURCE [NAME] as kubectl (pods web, deploy, svc.v1, certificates.cert-manager.io).")
    var arguments: [String] = []

    @Flag(help: "Treat KEY as a prefix.")
    var prefix = false

    @Option(name: [.short, .customLong("namespace")], help: "Namespace for RESOURCE (default: default).")
    var namespace: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "RESOURCE in every namespace.")
    var allNamespaces = false

    @Option(help: "kube-apiserver's --etcd-prefix.")
    var etcdPrefix = "/registry"

    var spec: TargetSpec {
        TargetSpec(arguments: arguments, prefix: prefix, namespace: namespace, allNamespaces: allNamespaces, etcdPrefix: etcdPrefix)
    }
}
