import Bolt
/// Writes a complete bbolt database (format version 2) from sorted bucket contents: two meta
/// pages, one page tree per bucket (or an inline bucket where bbolt would inline it) and the
/// root bucket's tree. No freelist page is written, as etcd runs bbolt with NoFreelistSync.
/// The output depends only on the input, so equal inputs give byte-identical files.
public struct BoltDatabaseWriter: Sendable {
    public var pageSize: Int
    /// The transaction id stored in meta page 0; page 1 gets one less, as in bbolt's `WriteTo`.
    public var txid: UInt64

    public init(pageSize: Int = 4096, txid: UInt64 = 2) {
        self.pageSize = pageSize
        self.txid = max(txid, 1)
    }

    /// Builds the database image. Bucket names must be distinct; they are stored in byte order.
    /// Buckets may nest (see `BoltBucketContent.append(bucket:)`).
    public func build(buckets: [BoltBucketContent]) throws(BoltWriteError) -> [UInt8] {
        let layout = try plan(buckets)
        var file = BoltPageFile(pageSize: pageSize, pages: Int(layout.pages))
        fill(&file, layout)
        return file.bytes
    }

    /// Writes the same bytes as `build` into `descriptor` (an empty file opened for writing),
    /// page by page, and returns the file's length.
    public func write(buckets: [BoltBucketContent], toDescriptor descriptor: Int32, path: String) throws(BoltWriteError) -> Int {
        let layout = try plan(buckets)
        var file = BoltPageFile(pageSize: pageSize, descriptor: descriptor, path: path)
        fill(&file, layout)
        if let failure = file.failure { throw failure }
        return Int(layout.pages) * pageSize
    }

    private struct Layout {
        var trees: [(bucket: BoltBucketContent, plan: BoltTreePlan)]
        var rootPgid: UInt64
        var pages: UInt64
    }

    /// Plans every tree first, children before parents (pages 0 and 1 are the meta pages), so
    /// the file's size and every page's place are known before anything is written.
    private func plan(_ buckets: [BoltBucketContent]) throws(BoltWriteError) -> Layout {
        let sorted = buckets.sorted { $0.name.lexicographicallyPrecedes($1.name) }
        var root = BoltBucketContent(name: "", fillPercent: 0.5)
        for bucket in sorted {
            do { try root.append(bucket: bucket) } catch .keysOutOfOrder {
                throw .duplicateBucket(String(decoding: bucket.name, as: UTF8.self))
            }
        }
        var nextPgid: UInt64 = 2
        var trees: [(bucket: BoltBucketContent, plan: BoltTreePlan)] = []
        let resolvedRoot = try root.resolvingNested { child throws(BoltWriteError) in
            try placeBucket(child, nextPgid: &nextPgid, trees: &trees)
        }
        let rootPlan = BoltTreePlan(bucket: resolvedRoot, pageSize: pageSize, nextPgid: &nextPgid)
        trees.append((resolvedRoot, rootPlan))
        return Layout(trees: trees, rootPgid: rootPlan.rootPgid, pages: nextPgid)
    }

    private func fill(_ file: inout BoltPageFile, _ layout: Layout) {
        for tree in layout.trees { tree.plan.write(tree.bucket, into: &file) }
        writeMeta(&file, page: 0, txid: txid, root: layout.rootPgid, highWater: layout.pages)
        writeMeta(&file, page: 1, txid: txid - 1, root: layout.rootPgid, highWater: layout.pages)
    }

    /// Decides where a bucket goes and returns its value in the parent: inline, or a header
    /// pointing at its planned tree.
    private func placeBucket(_ bucket: BoltBucketContent, nextPgid: inout UInt64,
                             trees: inout [(bucket: BoltBucketContent, plan: BoltTreePlan)]) throws(BoltWriteError) -> [UInt8] {
        var resolved = bucket
        if bucket.hasNestedBuckets {
            resolved = try bucket.resolvingNested { child throws(BoltWriteError) in
                try placeBucket(child, nextPgid: &nextPgid, trees: &trees)
            }
        } else if let inline = inlineValue(bucket) {
            return inline
        }
        let plan = BoltTreePlan(bucket: resolved, pageSize: pageSize, nextPgid: &nextPgid)
        trees.append((resolved, plan))
        return Self.bucketHeader(root: plan.rootPgid)
    }

    /// bbolt inlines a bucket that is a single leaf of at most a quarter page with no nested
    /// buckets: its value is then the bucket header (root 0) followed by the leaf's page image.
    private func inlineValue(_ bucket: BoltBucketContent) -> [UInt8]? {
        var leafSize = BoltFormat.pageHeaderSize
        for i in 0..<bucket.count {
            leafSize += BoltFormat.elementSize + bucket.elementDataSize(i)
            if leafSize > pageSize / 4 { return nil }
        }
        var value = Self.bucketHeader(root: 0)
        var image = [UInt8](repeating: 0, count: leafSize)
        image.withUnsafeMutableBytes { page in
            BoltPageFile.writeLeaf(bucket, entries: 0..<bucket.count, pageID: 0, overflow: 0, into: page)
        }
        value += image
        return value
    }

    private static func bucketHeader(root: UInt64) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: BoltFormat.bucketHeaderSize)
        header.withUnsafeMutableBytes { $0.storeBytes(of: root.littleEndian, toByteOffset: 0, as: UInt64.self) }
        return header
    }

    private func writeMeta(_ file: inout BoltPageFile, page: UInt64, txid: UInt64, root: UInt64, highWater: UInt64) {
        let pageSize = self.pageSize
        file.withPage(page, pages: 1) { p in
            BoltPageFile.writeHeader(p, id: page, flags: BoltFormat.PageFlag.meta, count: 0, overflow: 0)
            let m = BoltFormat.pageHeaderSize
            p.storeBytes(of: BoltFormat.magic.littleEndian, toByteOffset: m, as: UInt32.self)
            p.storeBytes(of: BoltFormat.version.littleEndian, toByteOffset: m + 4, as: UInt32.self)
            p.storeBytes(of: UInt32(pageSize).littleEndian, toByteOffset: m + 8, as: UInt32.self)
            p.storeBytes(of: UInt32(0), toByteOffset: m + 12, as: UInt32.self)
            p.storeBytes(of: root.littleEndian, toByteOffset: m + 16, as: UInt64.self)
            p.storeBytes(of: UInt64(0), toByteOffset: m + 24, as: UInt64.self)
            p.storeBytes(of: BoltFormat.noFreelist.littleEndian, toByteOffset: m + 32, as: UInt64.self)
            p.storeBytes(of: highWater.littleEndian, toByteOffset: m + 40, as: UInt64.self)
            p.storeBytes(of: txid.littleEndian, toByteOffset: m + 48, as: UInt64.self)
            let checksum = FNV1a.hash64(UnsafeRawBufferPointer(rebasing: p[m..<(m + 56)]))
            p.storeBytes(of: checksum.littleEndian, toByteOffset: m + 56, as: UInt64.self)
        }
    }
}
