import EtcdModel
import GoJSON
import KubeCodec

#if canImport(Glibc)
import Glibc
#endif

/// Prints a stream of etcd records (key + value + revisions) in one output format.
/// Every command that shows stored values (decode, get, watch, history, export) prints through this.
///
/// Layouts:
/// - yaml: a YAML stream; documents separated by `---`, each preceded by `# <key>` when the key is
///   known (with `--show-revisions`: `# <key> create_revision=C mod_revision=M version=V [lease=L]`).
/// - json: each object as `json.MarshalIndent(obj, "", "  ")` followed by a newline.
/// - jsonl: each object compact on one line.
///   With `--show-revisions`, json/jsonl wrap each object: {"key", "createRevision", "modRevision",
///   "version", "lease", "object"}.
/// - raw: the stored bytes as they are; proto: the protobuf payload inside the envelope.
public final class RecordPrinter {
    public struct Options: Sendable {
        public var format: OutputFormat = .yaml
        public var showRevisions = false
        public var metaOnly = false
        public var decode = DecodeOptions()
        public init(format: OutputFormat = .yaml, showRevisions: Bool = false, metaOnly: Bool = false,
                    decode: DecodeOptions = DecodeOptions()) {
            self.format = format
            self.showRevisions = showRevisions
            self.metaOnly = metaOnly
            self.decode = decode
        }
    }

    public let options: Options
    let sink: OutputSink
    let errors: OutputSink
    let renderer: ValueRenderer
    public private(set) var count = 0
    /// Records that could not be printed (encrypted, corrupt); the command exits non-zero if any.
    public private(set) var failures = 0

    public init(options: Options, sink: OutputSink, errors: OutputSink = OutputSink(fd: 2, threshold: 0)) {
        self.options = options
        self.sink = sink
        self.errors = errors
        self.renderer = ValueRenderer(decoder: KubeDecoder(options: options.decode))
    }

    func warn(_ key: [UInt8], _ message: String) {
        let where_ = key.isEmpty ? "" : String(decoding: key, as: UTF8.self) + ": "
        errors.write("strata: \(where_)\(message)\n")
        errors.flush()
    }

    /// Prints one record. Errors in one record are reported on stderr and counted; the stream goes on.
    public func print(_ kv: KeyValue) {
        defer { count += 1 }
        switch options.format {
        case .raw:
            sink.write(kv.value)
            return
        case .proto:
            do { sink.write(try ValueRenderer.payload(kv.value)) } catch {
                failures += 1
                warn(kv.key, "\(error)")
            }
            return
        case .yaml, .json, .jsonl:
            break
        }
        let format: ValueRenderer.Format = options.format == .yaml ? .yaml : options.format == .json ? .json : .jsonl
        let rendered: ValueRenderer.Output
        do {
            if options.metaOnly {
                let meta = try kv.value.withUnsafeBytes { try renderer.decoder.typeMeta($0) }
                let v = JSONValue.object([JSONMember("apiVersion", .string(meta.apiVersion)), JSONMember("kind", .string(meta.kind))])
                rendered = ValueRenderer.Output(bytes: ValueRenderer.renderValue(v, format), warnings: [], isText: false)
            } else {
                rendered = try kv.value.withUnsafeBytes { try renderer.render($0, as: format) }
            }
        } catch {
            failures += 1
            warn(kv.key, "\(error)")
            return
        }
        for w in rendered.warnings { warn(kv.key, w) }
        switch options.format {
        case .yaml:
            if count > 0 { sink.write("---\n") }
            if !kv.key.isEmpty {
                sink.write("# ")
                sink.write(kv.key.map { $0 == 0x0A ? 0x20 : $0 })
                if options.showRevisions { sink.write(revisionText(kv)) }
                sink.write("\n")
            }
            sink.write(rendered.bytes)
        default:
            if options.showRevisions {
                sink.write(wrapped(kv, rendered.bytes, pretty: options.format == .json))
            } else {
                sink.write(rendered.bytes)
            }
            sink.write("\n")
        }
    }

    func revisionText(_ kv: KeyValue) -> String {
        var s = " create_revision=\(kv.createRevision) mod_revision=\(kv.modRevision) version=\(kv.version)"
        if kv.lease != 0 { s += " lease=\(kv.lease)" }
        return s
    }

    func wrapped(_ kv: KeyValue, _ object: [UInt8], pretty: Bool) -> [UInt8] {
        // Re-parse the rendered object so the wrapper can be laid out by the same writer.
        let inner = (try? JSONParser.parse(object)) ?? .null
        var members = [JSONMember("key", .string(String(decoding: kv.key, as: UTF8.self))),
                       JSONMember("createRevision", .number(String(kv.createRevision))),
                       JSONMember("modRevision", .number(String(kv.modRevision))),
                       JSONMember("version", .number(String(kv.version)))]
        if kv.lease != 0 { members.append(JSONMember("lease", .number(String(kv.lease)))) }
        members.append(JSONMember("object", inner))
        return ValueRenderer.renderValue(.object(members), pretty ? .json : .jsonl)
    }

    public func finish() {
        sink.flush()
    }
}
