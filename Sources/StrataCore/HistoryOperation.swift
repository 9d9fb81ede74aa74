import EtcdModel

/// `strata history KEY`: every revision of one key, each printed through the record printer,
/// with a comment line per revision naming it (and marking deletions, which have no value).
public struct HistoryOperation: Sendable {
    public var key: [UInt8]
    public init(key: [UInt8]) { self.key = key }

    /// Prints the history; throws when the key never existed in what is left of the history.
    @discardableResult
    public func print(from source: any HistorySource, printer: RecordPrinter, sink: OutputSink) async throws -> Int {
        let revisions = try await source.history(key: key)
        guard !revisions.isEmpty else {
            throw CommandFailure("no revisions of \(String(decoding: key, as: UTF8.self)) (never written, or compacted away)")
        }
        for r in revisions {
            let sub = r.subRevision == 0 ? "" : ".\(r.subRevision)"
            if r.isDeletion {
                sink.write("# revision \(r.modRevision)\(sub): deleted\n")
                continue
            }
            sink.write("# revision \(r.modRevision)\(sub): version \(r.kv.version), created at \(r.kv.createRevision)"
                       + (r.kv.lease != 0 ? ", lease \(String(r.kv.lease, radix: 16))" : "") + "\n")
            try printer.print(r.kv)
            // Raw values are written as stored: keep the next comment line on a line of its own.
            if printer.options.format == .raw && r.kv.value.last != UInt8(ascii: "\n") { sink.write("\n") }
        }
        printer.finish()
        return revisions.count
    }
}
