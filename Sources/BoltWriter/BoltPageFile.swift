/// The image of a database file, allocated once at its final size, and the encoders of leaf and
/// branch pages.
struct BoltPageFile {
    let pageSize: Int
    private(set) var bytes: [UInt8]

    /// The whole file, zeroed, at its final size.
    init(pageSize: Int, pages: Int) {
        self.pageSize = pageSize
        bytes = [UInt8](repeating: 0, count: pages * pageSize)
    }

    mutating func withPage(_ id: UInt64, pages: Int, _ body: (UnsafeMutableRawBufferPointer) -> Void) {
        let start = Int(id) * pageSize
        bytes.withUnsafeMutableBytes { all in
            body(UnsafeMutableRawBufferPointer(rebasing: all[start..<(start + pages * pageSize)]))
        }
    }

    static func writeHeader(_ page: UnsafeMutableRawBufferPointer, id: UInt64, flags: UInt16, count: Int, overflow: UInt32) {
        page.storeBytes(of: id.littleEndian, toByteOffset: 0, as: UInt64.self)
        page.storeBytes(of: flags.littleEndian, toByteOffset: 8, as: UInt16.self)
        page.storeBytes(of: UInt16(count).littleEndian, toByteOffset: 10, as: UInt16.self)
        page.storeBytes(of: overflow.littleEndian, toByteOffset: 12, as: UInt32.self)
    }

    /// Leaf elements {flags, pos, ksize, vsize}; each key is followed by its value, and `pos` is
    /// relative to the element itself.
    static func writeLeaf(_ bucket: BoltBucketContent, entries: Range<Int>, pageID: UInt64,
                          overflow: UInt32, into page: UnsafeMutableRawBufferPointer) {
        writeHeader(page, id: pageID, flags: BoltFormat.PageFlag.leaf, count: entries.count, overflow: overflow)
        var data = BoltFormat.pageHeaderSize + entries.count * BoltFormat.elementSize
        bucket.arena.withUnsafeBytes { arena in
            for (n, i) in entries.enumerated() {
                let element = BoltFormat.pageHeaderSize + n * BoltFormat.elementSize
                let key = bucket.keyRange(i), value = bucket.valueRange(i)
                page.storeBytes(of: bucket.elementFlags(i).littleEndian, toByteOffset: element, as: UInt32.self)
                page.storeBytes(of: UInt32(data - element).littleEndian, toByteOffset: element + 4, as: UInt32.self)
                page.storeBytes(of: UInt32(key.count).littleEndian, toByteOffset: element + 8, as: UInt32.self)
                page.storeBytes(of: UInt32(value.count).littleEndian, toByteOffset: element + 12, as: UInt32.self)
                // Key and value are adjacent in the arena too: one copy for both.
                let both = key.lowerBound..<value.upperBound
                UnsafeMutableRawBufferPointer(rebasing: page[data..<(data + both.count)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: arena[both]))
                data += both.count
            }
        }
    }

    /// Branch elements {pos, ksize, child pgid}; the key is the first key under that child.
    static func writeBranch(_ bucket: BoltBucketContent, children: [(firstEntry: Int, pgid: UInt64)], pageID: UInt64,
                            overflow: UInt32, into page: UnsafeMutableRawBufferPointer) {
        writeHeader(page, id: pageID, flags: BoltFormat.PageFlag.branch, count: children.count, overflow: overflow)
        var data = BoltFormat.pageHeaderSize + children.count * BoltFormat.elementSize
        bucket.arena.withUnsafeBytes { arena in
            for (n, child) in children.enumerated() {
                let element = BoltFormat.pageHeaderSize + n * BoltFormat.elementSize
                let key = bucket.keyRange(child.firstEntry)
                page.storeBytes(of: UInt32(data - element).littleEndian, toByteOffset: element, as: UInt32.self)
                page.storeBytes(of: UInt32(key.count).littleEndian, toByteOffset: element + 4, as: UInt32.self)
                page.storeBytes(of: child.pgid.littleEndian, toByteOffset: element + 8, as: UInt64.self)
                UnsafeMutableRawBufferPointer(rebasing: page[data..<(data + key.count)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: arena[key]))
                data += key.count
            }
        }
    }
}
