import EtcdModel

/// `strata get`: reads one key or a range, paged at one revision, and hands each record on.
public struct GetOperation: Sendable {
    public var target: KeyTarget
    /// 0 = latest.
    public var revision: Int64 = 0
    /// 0 = no limit.
    public var limit: Int64 = 0
    public var keysOnly = false
    public var countOnly = false
    public var chunkSize: Int64 = 500

    public init(target: KeyTarget, revision: Int64 = 0, limit: Int64 = 0, keysOnly: Bool = false,
                countOnly: Bool = false, chunkSize: Int64 = 500) {
        self.target = target
        self.revision = revision
        self.limit = limit
        self.keysOnly = keysOnly
        self.countOnly = countOnly
        self.chunkSize = chunkSize
    }

    public struct Outcome: Sendable, Equatable {
        /// The revision every page was read at.
        public var revision: Int64
        /// Keys in the whole range (not cut by `limit`).
        public var count: Int64
        /// Records handed to the body.
        public var delivered: Int64
    }

    var query: RangeQuery {
        RangeQuery(key: target.key, rangeEnd: target.rangeEnd, revision: revision, limit: limit,
                   keysOnly: keysOnly, countOnly: countOnly)
    }

    /// Calls `body` for each record, in key order. An exact key that does not exist is an error.
    @discardableResult
    public func run(on source: any KeyValueSource, _ body: (KeyValue) throws -> Void) async throws -> Outcome {
        guard chunkSize > 0 else { throw CommandFailure("--chunk-size must be positive") }
        guard limit >= 0, revision >= 0 else { throw CommandFailure("--limit and --rev must not be negative") }
        if countOnly {
            let page = try await source.range(query)
            return Outcome(revision: page.revision, count: page.count, delivered: 0)
        }
        var delivered: Int64 = 0
        let (rev, count) = try await source.scan(query, pageSize: chunkSize) { kv in
            delivered += 1
            try body(kv)
        }
        if delivered == 0 && !target.isPrefix {
            let at = revision > 0 ? " at revision \(revision)" : ""
            if let r = target.resource {
                let name = target.keyString.split(separator: "/").last.map(String.init) ?? ""
                let resource = r.resource?.qualifiedName ?? r.plural
                throw CommandFailure("\(resource) \"\(name)\" not found\(at) (key \(target.keyString))")
            }
            throw CommandFailure("key not found\(at): \(target.keyString)")
        }
        return Outcome(revision: rev, count: count, delivered: delivered)
    }
}

extension GetOperation {
    /// The whole `get` output: records through the printer, keys one per line with `keysOnly`,
    /// the number with `countOnly`. Messages that are not data go to `messages` (stderr).
    @discardableResult
    public func print(from source: any KeyValueSource, printer: RecordPrinter, sink: OutputSink,
                      messages: OutputSink) async throws -> Outcome {
        let showRevisions = printer.options.showRevisions
        let outcome = try await run(on: source) { kv in
            if keysOnly {
                sink.write(kv.key)
                if showRevisions {
                    sink.write(" create_revision=\(kv.createRevision) mod_revision=\(kv.modRevision) version=\(kv.version)")
                }
                sink.write("\n")
            } else {
                printer.print(kv)
            }
        }
        if countOnly { sink.write("\(outcome.count)\n") }
        printer.finish()
        sink.flush()
        if outcome.delivered == 0 && !countOnly && target.resource != nil {
            let scope = target.namespace.map { " in \($0) namespace" } ?? ""
            messages.write("No resources found\(scope).\n")
            messages.flush()
        }
        return outcome
    }
}
