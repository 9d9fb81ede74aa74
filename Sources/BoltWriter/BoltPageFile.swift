#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The pages of a database file, and the encoders of leaf and branch pages. Either an image
/// allocated once at its final size, or an open file each node's pages are written into as they
/// are filled (so a gigabyte database never needs a gigabyte of memory for its image).
struct BoltPageFile {
    let pageSize: Int
    private(set) var bytes: [UInt8]
    private let descriptor: Int32?
    /// One node's pages while they are filled, before they go to the file.
    private var scratch: [UInt8] = []
    /// The first failed write; later pages are not written.
    private(set) var failure: BoltWriteError?
    private let path: String

    /// The whole file, zeroed, at its final size.
    init(pageSize: Int, pages: Int) {
        self.pageSize = pageSize
        bytes = [UInt8](repeating: 0, count: pages * pageSize)
        descriptor = nil
        path = ""
    }

    /// Pages go to `descriptor` at their offsets (`path` names it in errors).
    init(pageSize: Int, descriptor: Int32, path: String) {
        self.pageSize = pageSize
        bytes = []
        self.descriptor = descriptor
        self.path = path
    }

    mutating func withPage(_ id: UInt64, pages: Int, _ body: (UnsafeMutableRawBufferPointer) -> Void) {
        let start = Int(id) * pageSize
        guard let descriptor else {
            bytes.withUnsafeMutableBytes { all in
                body(UnsafeMutableRawBufferPointer(rebasing: all[start..<(start + pages * pageSize)]))
            }
            return
        }
        guard failure == nil else { return }
        let count = pages * pageSize
        if scratch.count < count { scratch = [UInt8](repeating: 0, count: count) }
        scratch.withUnsafeMutableBytes { all in
            let page = UnsafeMutableRawBufferPointer(rebasing: all[0..<count])
            page.initializeMemory(as: UInt8.self, repeating: 0)
            body(page)
            var written = 0
            while written < count, let base = page.baseAddress {
                let n = pwrite(descriptor, base + written, count - written, off_t(start + written))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = .io(path: path, reason: String(cString: strerror(errno)))
                    return
                }
                written += n
            }
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
