#if canImport(Glibc)
import Glibc
#endif
import EtcdModel
import Foundation

/// `strata diff KEY --from A --to B`: the key at two revisions, rendered by the record printer,
/// compared line by line. A key absent at one revision compares as empty.
public struct HistoryDiff: Sendable {
    public var key: [UInt8]
    public var from: Int64
    public var to: Int64

    public init(key: [UInt8], from: Int64, to: Int64) {
        self.key = key
        self.from = from
        self.to = to
    }

    /// Returns the unified diff (empty when the two renderings are equal).
    public func run(on source: any KeyValueSource, printerOptions: RecordPrinter.Options) async throws -> String {
        let keyText = String(decoding: key, as: UTF8.self)
        let a = try await render(at: from, source: source, options: printerOptions)
        let b = try await render(at: to, source: source, options: printerOptions)
        if a == nil && b == nil { throw CommandFailure("\(keyText) exists at neither revision \(from) nor \(to)") }
        return HistoryLineDiff.unified(a ?? [], b ?? [], from: "\(keyText)@\(from)" + (a == nil ? " (absent)" : ""),
                                       to: "\(keyText)@\(to)" + (b == nil ? " (absent)" : ""))
    }

    /// The printer's output for the key at `revision`, as lines; nil when the key did not exist.
    func render(at revision: Int64, source: any KeyValueSource, options: RecordPrinter.Options) async throws -> [String]? {
        let page = try await source.range(RangeQuery(key: key, revision: revision))
        guard let kv = page.kvs.first else { return nil }
        // The printer writes to a file descriptor; a temporary file captures it.
        var template = Array((FileManager.default.temporaryDirectory.path + "/strata-diff-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw CommandFailure("cannot create a temporary file: \(String(cString: strerror(errno)))") }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { close(fd); unlink(path) }
        let sink = OutputSink(fd: fd)
        let printer = RecordPrinter(options: options, sink: sink)
        try printer.print(kv)
        printer.finish()
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
