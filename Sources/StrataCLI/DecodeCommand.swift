import ArgumentParser
import EtcdInput
import StrataCore

struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode values stored in etcd by Kubernetes (any etcdctl output form) to YAML or JSON.",
        discussion: """
        Reads a raw value, `etcdctl get` output (key line then value, for one or many keys), \
        --print-value-only output, -w json, -w protobuf or --hex output; the form is detected \
        (use --input to force one). Many objects print as a YAML stream with `# <key>` comments, \
        or one JSON object per line with -o jsonl.
        Examples:
          etcdctl get /registry/pods/default/web-0 | strata decode
          etcdctl get --prefix /registry/deployments -w json | strata decode -o jsonl
          strata decode value.bin -o proto > payload.bin
        """
    )

    @Argument(help: "Input file (default: standard input).")
    var file: String?

    @Option(help: "Input form: \(EtcdInputForm.allCases.map(\.rawValue).joined(separator: ", ")) (default: detect).")
    var input: EtcdInputForm?

    @OptionGroup var output: RecordOutputOptions

    func run() throws {
        let printer = RecordPrinter(options: try output.printerOptions(), sink: OutputSink(fd: 1))
        let failures = try DecodeOperation.run(path: file, form: input, printer: printer)
        if failures > 0 {
            throw CommandFailure("\(failures) of \(printer.count) values could not be decoded")
        }
    }
}

extension EtcdInputForm: ExpressibleByArgument {}
