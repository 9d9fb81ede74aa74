import EtcdModel

/// `strata watch`: every change to a key or prefix, from now or from a revision, as a header
/// line (`# PUT <key> mod_revision=N`) followed by the decoded object.
public struct WatchOperation: Sendable {
    public var target: KeyTarget
    /// 0 = from now.
    public var startRevision: Int64
    /// Stop after this many events (0 = until interrupted).
    public var maxEvents: Int

    public init(target: KeyTarget, startRevision: Int64 = 0, maxEvents: Int = 0) {
        self.target = target
        self.startRevision = startRevision
        self.maxEvents = maxEvents
    }

    var request: WatchCreateRequest {
        WatchCreateRequest(key: target.key, rangeEnd: target.rangeEnd ?? [], startRevision: startRevision)
    }

    /// Calls `body` for each event until the stream ends, `maxEvents` is reached, or etcd cancels
    /// the watch (an error: compaction, permissions). Returns the number of events seen.
    @discardableResult
    public func run(_ etcd: any LiveEtcd, _ body: (Event) throws -> Void) async throws -> Int {
        guard startRevision >= 0, maxEvents >= 0 else { throw CommandFailure("--rev and --max-events must not be negative") }
        var seen = 0
        for try await response in etcd.watchStream(request) {
            if response.canceled {
                if response.compactRevision > 0 {
                    throw CommandFailure("watch canceled: revision \(startRevision) has been compacted (oldest available: \(response.compactRevision))")
                }
                throw CommandFailure("watch canceled by etcd" + (response.cancelReason.isEmpty ? "" : ": \(response.cancelReason)"))
            }
            for event in response.events {
                try body(event)
                seen += 1
                if maxEvents > 0 && seen >= maxEvents { return seen }
            }
        }
        return seen
    }

    /// Prints each event: the header line, then (for puts) the object through the printer.
    @discardableResult
    public func print(_ etcd: any LiveEtcd, printer: RecordPrinter, sink: OutputSink) async throws -> Int {
        try await run(etcd) { event in
            sink.write(Self.header(event))
            if event.type == .put {
                printer.print(event.kv)
                // Raw values carry no line end of their own; the next header must start a line.
                if printer.options.format == .raw && event.kv.value.last != UInt8(ascii: "\n") { sink.write("\n") }
            }
            printer.finish()
            sink.flush()
        }
    }

    static func header(_ event: Event) -> String {
        let kind = event.type == .put ? "PUT" : "DELETE"
        return "# \(kind) \(event.kv.keyString) mod_revision=\(event.kv.modRevision)\n"
    }
}
