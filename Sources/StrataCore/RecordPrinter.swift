import EtcdModel
import KubeCodec

/// Prints a stream of etcd records (key + value + revisions) in one output format.
/// Every command that shows stored values (decode, get, watch, export) prints through this.
public final class RecordPrinter {
    public struct Options: Sendable {
        public var format: OutputFormat = .yaml
        public var showRevisions = false
        public var metaOnly = false
        public init(format: OutputFormat = .yaml, showRevisions: Bool = false, metaOnly: Bool = false) {
            self.format = format
            self.showRevisions = showRevisions
            self.metaOnly = metaOnly
        }
    }

    public let options: Options
    let sink: OutputSink
    var count = 0

    public init(options: Options, sink: OutputSink) {
        self.options = options
        self.sink = sink
    }

    /// Prints one record. Values that are not Kubernetes objects print as text.
    public func print(_ kv: KeyValue) throws {
        // Placeholder until the codec lands: raw bytes.
        sink.write(kv.value)
        count += 1
    }

    public func finish() {
        sink.flush()
    }
}
