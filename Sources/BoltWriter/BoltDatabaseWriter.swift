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
    public func build(buckets: [BoltBucketContent]) throws(BoltWriteError) -> [UInt8] {
        let sorted = buckets.sorted { $0.name.lexicographicallyPrecedes($1.name) }
        for i in sorted.indices.dropFirst() where sorted[i].name == sorted[i - 1].name {
            throw .duplicateBucket(String(decoding: sorted[i].name, as: UTF8.self))
        }
        let estimate = sorted.reduce(4 * pageSize) { $0 + $1.arena.count + $1.count * 40 } * 11 / 10
        var file = BoltPageFile(pageSize: pageSize, reserving: estimate)
        _ = file.allocate(pages: 2) // the meta pages, filled last

        var root = BoltBucketContent(name: "", fillPercent: 0.5)
        for bucket in sorted {
            let value = writeBucket(bucket, into: &file)
            try root.append(key: bucket.name, value: value)
        }
        let rootPgid = writeTree(root, elementFlags: BoltFormat.bucketLeafFlag, into: &file)
        writeMeta(&file, page: 0, txid: txid, root: rootPgid)
        writeMeta(&file, page: 1, txid: txid - 1, root: rootPgid)
        return file.bytes
    }

    /// Returns the bucket's value in its parent: a header pointing at its tree, or a header plus
    /// an inline page image.
    private func writeBucket(_ bucket: BoltBucketContent, into file: inout BoltPageFile) -> [UInt8] {
        var value = [UInt8](repeating: 0, count: BoltFormat.bucketHeaderSize)
        let leafSize = BoltFormat.pageHeaderSize + (0..<bucket.count).reduce(0) {
            $0 + BoltFormat.elementSize + bucket.elementDataSize($1)
        }
        // bbolt inlines a bucket that is a single leaf of at most a quarter page.
        if leafSize <= pageSize / 4 {
            var image = [UInt8](repeating: 0, count: leafSize)
            image.withUnsafeMutableBytes { page in
                BoltPageFile.writeLeaf(bucket, entries: 0..<bucket.count, elementFlags: 0, pageID: 0, overflow: 0, into: page)
            }
            value += image
            return value
        }
        let rootPgid = writeTree(bucket, elementFlags: 0, into: &file)
        value.withUnsafeMutableBytes { $0.storeBytes(of: rootPgid.littleEndian, toByteOffset: 0, as: UInt64.self) }
        return value
    }

    /// Writes the leaves and then each branch level above them; returns the root page id.
    private func writeTree(_ bucket: BoltBucketContent, elementFlags: UInt32, into file: inout BoltPageFile) -> UInt64 {
        let leafSizes = (0..<bucket.count).map { BoltFormat.elementSize + bucket.elementDataSize($0) }
        // Each child of the level being built: (index of its first entry, its page id).
        var level: [(firstEntry: Int, pgid: UInt64)] = []
        for node in BoltNodeSplit.nodes(elementSizes: leafSizes, pageSize: pageSize, fillPercent: bucket.fillPercent) {
            let size = BoltFormat.pageHeaderSize + leafSizes[node].reduce(0, +)
            let pages = (size + pageSize - 1) / pageSize
            let pgid = file.allocate(pages: pages)
            file.withPage(pgid, pages: pages) { page in
                BoltPageFile.writeLeaf(bucket, entries: node, elementFlags: elementFlags, pageID: pgid,
                                       overflow: UInt32(pages - 1), into: page)
            }
            level.append((node.lowerBound, pgid))
        }
        while level.count > 1 {
            let sizes = level.map { BoltFormat.elementSize + bucket.keyRange($0.firstEntry).count }
            var next: [(firstEntry: Int, pgid: UInt64)] = []
            for node in BoltNodeSplit.nodes(elementSizes: sizes, pageSize: pageSize, fillPercent: bucket.fillPercent) {
                let size = BoltFormat.pageHeaderSize + sizes[node].reduce(0, +)
                let pages = (size + pageSize - 1) / pageSize
                let pgid = file.allocate(pages: pages)
                let children = Array(level[node])
                file.withPage(pgid, pages: pages) { page in
                    BoltPageFile.writeBranch(bucket, children: children, pageID: pgid, overflow: UInt32(pages - 1), into: page)
                }
                next.append((children[0].firstEntry, pgid))
            }
            level = next
        }
        return level[0].pgid
    }

    private func writeMeta(_ file: inout BoltPageFile, page: UInt64, txid: UInt64, root: UInt64) {
        let highWater = file.pageCount
        let pageSize = self.pageSize
        file.withPage(page, pages: 1) { p in
            p.storeBytes(of: page.littleEndian, toByteOffset: 0, as: UInt64.self)
            p.storeBytes(of: BoltFormat.PageFlag.meta.littleEndian, toByteOffset: 8, as: UInt16.self)
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
            let checksum = FNV1a64.hash(UnsafeRawBufferPointer(rebasing: p[m..<(m + 56)]))
            p.storeBytes(of: checksum.littleEndian, toByteOffset: m + 56, as: UInt64.self)
        }
    }
}
