/// A read-only view of a bbolt file: the chosen meta page and tree walks over its buckets.
/// No lock is taken and nothing is written; see `MappedFile` for why that is safe to do on a
/// database a running etcd holds (the view may be inconsistent while etcd writes, and then reads
/// fail with a page error rather than return garbage or crash).
public final class BoltDatabase: @unchecked Sendable {
    public struct Options: Sendable {
        public enum TrailerPolicy: Sendable { case verify, report, skip }
        public var trailer: TrailerPolicy
        /// Opens a file shorter than its meta page says (for salvage); pages past the end fail.
        public var allowTruncated: Bool
        /// Drop the mapping of each leaf page once a walk has passed it, so a full scan of a large
        /// file does not keep it all resident (the data stays in the page cache and is mapped
        /// again on the next access).
        public var releasePagesAfterWalk: Bool
        public init(trailer: TrailerPolicy = .verify, allowTruncated: Bool = false, releasePagesAfterWalk: Bool = false) {
            self.trailer = trailer
            self.allowTruncated = allowTruncated
            self.releasePagesAfterWalk = releasePagesAfterWalk
        }
    }

    public let path: String
    public let file: MappedFile
    /// The bbolt image: the file without a snapshot trailer.
    public let bytes: UnsafeRawBufferPointer
    public let meta: Meta
    /// Why the other meta page was not chosen (nil when both were valid).
    public let otherMetaProblem: String?
    public let trailer: SnapshotTrailer
    let releasePages: Bool

    public var pageSize: Int { meta.pageSize }
    /// Pages that can be addressed: below the high-water mark and inside the file.
    public var pageCount: Int { min(Int(meta.highWater), bytes.count / meta.pageSize) }

    public convenience init(path: String, options: Options = Options()) throws(BoltError) {
        let resolved = try DatabasePath.resolve(path)
        try self.init(file: try MappedFile(path: resolved), options: options)
    }

    public init(file: MappedFile, options: Options = Options()) throws(BoltError) {
        self.path = file.path
        self.file = file
        releasePages = options.releasePagesAfterWalk
        let all = file.bytes
        let hasTrailer = SnapshotTrailer.present(fileSize: all.count)
        bytes = hasTrailer ? UnsafeRawBufferPointer(rebasing: all[0..<(all.count - SnapshotTrailer.size)]) : all
        guard bytes.count >= Page.headerSize + Meta.size else {
            throw .notADatabase(path: file.path, reason: "only \(all.count) bytes")
        }

        let meta0 = Meta.read(pageIndex: 0, pageSize: 0, in: bytes)
        // Page 1 sits one page in; when page 0 is damaged its page size is unknown, so try the
        // sizes bbolt uses in practice.
        var candidates: [Int] = []
        if case let .success(m) = meta0 { candidates.append(m.pageSize) }
        candidates += [4096, 8192, 16384, 65536, 2048, 1024, 512].filter { !candidates.contains($0) }
        var meta1: Result<Meta, MetaProblem> = .failure(MetaProblem("meta page 1 not found"))
        for size in candidates {
            let r = Meta.read(pageIndex: 1, pageSize: size, in: bytes)
            if case let .success(m) = r, m.pageSize == size { meta1 = r; break }
            if size == candidates.first { meta1 = r }
        }
        switch (meta0, meta1) {
        case let (.success(a), .success(b)):
            meta = a.txid >= b.txid ? a : b
            otherMetaProblem = a.pageSize == b.pageSize ? nil : "the meta pages disagree on the page size"
        case let (.success(a), .failure(why)):
            meta = a; otherMetaProblem = why.description
        case let (.failure(why), .success(b)):
            meta = b; otherMetaProblem = why.description
        case let (.failure(a), .failure(b)):
            throw .noValidMeta(reason: "\(a.description); \(b.description)")
        }

        let needed = Int(meta.highWater) * meta.pageSize
        if needed > bytes.count && !options.allowTruncated {
            throw .truncated(fileBytes: bytes.count, neededBytes: needed)
        }

        switch (hasTrailer, options.trailer) {
        case (false, _): trailer = .absent
        case (true, .skip): trailer = .notChecked
        case (true, .verify), (true, .report):
            let t = SnapshotTrailer.check(file)
            if case let .mismatch(expected, actual) = t, options.trailer == .verify {
                throw .snapshotChecksumMismatch(expected: expected, actual: actual)
            }
            trailer = t
        }
    }

    /// The root bucket, whose leaf entries are the top-level buckets.
    public var root: Bucket { Bucket(name: "", rootPgid: meta.rootPgid, sequence: meta.rootSequence, inlinePage: nil) }

    /// A top-level (or nested, via `in:`) bucket by name; nil when it does not exist.
    public func bucket(_ name: String, in parent: Bucket? = nil) throws(BoltError) -> Bucket? {
        let wanted = Array(name.utf8)
        var found: Bucket?
        var failure: BoltError?
        do {
            try forEach(in: parent ?? root) { element, pgid in
                guard element.isBucket, element.key.elementsEqual(wanted) else { return true }
                do throws(BoltError) { found = try Bucket(name: name, element: element, parentPgid: pgid) } catch { failure = error }
                return false
            }
        } catch let e as BoltError { throw e } catch { throw .corruptPage(pgid: 0, reason: "\(error)") }
        if let failure { throw failure }
        return found
    }

    /// The names of the buckets directly inside `parent` (top level by default).
    public func bucketNames(in parent: Bucket? = nil) throws(BoltError) -> [String] {
        var names: [String] = []
        do {
            try forEach(in: parent ?? root) { element, _ in
                if element.isBucket { names.append(String(decoding: element.key, as: UTF8.self)) }
                return true
            }
        } catch let e as BoltError { throw e } catch { throw .corruptPage(pgid: 0, reason: "\(error)") }
        return names
    }

    /// Visits every leaf element of `bucket` in key order. `body` gets the element and the id of
    /// the page holding it, and returns false to stop early. Errors from `body` are passed on.
    public func forEach(in bucket: Bucket, _ body: (LeafElement, UInt64) throws -> Bool) throws {
        if let inline = bucket.inlinePage {
            let page = try Page(pgid: 0, start: inline.lowerBound, span: inline.count, in: bytes)
            try walkLeaf(page, body)
            return
        }
        var walk = TreeWalk(database: self)
        defer { walk.releaser?.flush() }
        _ = try walk.visit(bucket.rootPgid, depth: 0, body)
    }

    /// Visits the leaf elements of `bucket` with keys ≥ `start`, skipping whole subtrees that lie
    /// before it.
    public func forEach(in bucket: Bucket, from start: [UInt8], _ body: (LeafElement, UInt64) throws -> Bool) throws {
        if let inline = bucket.inlinePage {
            let page = try Page(pgid: 0, start: inline.lowerBound, span: inline.count, in: bytes)
            try walkLeaf(page) { e, p in
                if e.key.lexicographicallyPrecedes(start) { return true }
                return try body(e, p)
            }
            return
        }
        var walk = TreeWalk(database: self)
        defer { walk.releaser?.flush() }
        walk.seek = start
        _ = try walk.visit(bucket.rootPgid, depth: 0) { e, p in
            if e.key.lexicographicallyPrecedes(start) { return true }
            return try body(e, p)
        }
    }

    /// The page `pgid` with its overflow, after checking it lies inside the image and carries
    /// its own id.
    public func page(_ pgid: UInt64) throws(BoltError) -> Page {
        guard pgid < UInt64(pageCount) else {
            let why = pgid < meta.highWater ? "beyond the end of the file (truncated)" : "beyond the high-water mark \(meta.highWater)"
            throw .corruptPage(pgid: pgid, reason: why)
        }
        let start = Int(pgid) * pageSize
        let head = try Page(pgid: pgid, start: start, span: pageSize, in: bytes)
        guard head.storedID == pgid else {
            throw .corruptPage(pgid: pgid, reason: "header carries page id \(head.storedID)")
        }
        let pages = Int(head.overflow) + 1
        guard UInt64(pgid) + UInt64(pages) <= UInt64(pageCount) else {
            throw .corruptPage(pgid: pgid, reason: "overflow of \(head.overflow) pages runs past the end")
        }
        return try Page(pgid: pgid, start: start, span: pages * pageSize, in: bytes)
    }

    func walkLeaf(_ page: Page, _ body: (LeafElement, UInt64) throws -> Bool) throws {
        guard page.isLeaf, !page.isBranch else {
            throw BoltError.corruptPage(pgid: page.pgid, reason: "expected a leaf page, found flags 0x\(String(page.flags.rawValue, radix: 16))")
        }
        try page.checkElements()
        for i in 0..<page.count {
            let element = try LeafElement(page: page, index: i, in: bytes)
            if try !body(element, page.pgid) { return }
        }
    }
}

extension BoltDatabase {
    /// The last leaf element of `bucket` (largest key), found by following the rightmost child.
    public func lastElement(in bucket: Bucket) throws(BoltError) -> LeafElement? {
        if let inline = bucket.inlinePage {
            let page = try Page(pgid: 0, start: inline.lowerBound, span: inline.count, in: bytes)
            return try lastOfLeaf(page)
        }
        var pgid = bucket.rootPgid
        for _ in 0..<TreeWalk.maxDepth {
            let page = try self.page(pgid)
            try page.checkElements()
            if page.isLeaf && !page.isBranch { return try lastOfLeaf(page) }
            guard page.isBranch, page.count > 0 else {
                throw .corruptPage(pgid: pgid, reason: "expected a non-empty branch or leaf page")
            }
            pgid = try BranchElement(page: page, index: page.count - 1, in: bytes).child
        }
        throw .corruptPage(pgid: pgid, reason: "tree deeper than \(TreeWalk.maxDepth) levels (a cycle?)")
    }

    private func lastOfLeaf(_ page: Page) throws(BoltError) -> LeafElement? {
        guard page.isLeaf else { throw .corruptPage(pgid: page.pgid, reason: "expected a leaf page") }
        try page.checkElements()
        return page.count == 0 ? nil : try LeafElement(page: page, index: page.count - 1, in: bytes)
    }
}
