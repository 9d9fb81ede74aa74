/// One key/value of a leaf page. `key` and `value` point into the mapping and are valid while the
/// database is open.
public struct LeafElement {
    public static let bucketFlag: UInt32 = 0x01

    public let key: UnsafeRawBufferPointer
    public let value: UnsafeRawBufferPointer
    public let flags: UInt32
    /// File offset of the value, for indexes that keep offsets instead of copies.
    public let valueOffset: Int

    public var isBucket: Bool { flags & LeafElement.bucketFlag != 0 }

    /// Element `index` of a leaf page whose elements were checked to fit.
    init(page: Page, index: Int, in bytes: UnsafeRawBufferPointer) throws(BoltError) {
        let e = page.elementOffset(index)
        flags = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: e, as: UInt32.self))
        let pos = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: e + 4, as: UInt32.self)))
        let ksize = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: e + 8, as: UInt32.self)))
        let vsize = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: e + 12, as: UInt32.self)))
        let keyStart = e + pos
        let valueStart = keyStart + ksize
        let end = valueStart + vsize
        guard pos >= Page.elementSize * (page.count - index), end <= page.start + page.span, end <= bytes.count else {
            throw .corruptPage(pgid: page.pgid, reason: "leaf element \(index) (pos \(pos), key \(ksize) bytes, value \(vsize) bytes) points outside the page")
        }
        key = UnsafeRawBufferPointer(rebasing: bytes[keyStart..<valueStart])
        value = UnsafeRawBufferPointer(rebasing: bytes[valueStart..<end])
        valueOffset = valueStart
    }
}

/// One child pointer of a branch page.
struct BranchElement {
    let key: UnsafeRawBufferPointer
    let child: UInt64

    init(page: Page, index: Int, in bytes: UnsafeRawBufferPointer) throws(BoltError) {
        let e = page.elementOffset(index)
        let pos = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: e, as: UInt32.self)))
        let ksize = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: e + 4, as: UInt32.self)))
        child = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: e + 8, as: UInt64.self))
        let keyStart = e + pos
        let end = keyStart + ksize
        guard pos >= Page.elementSize * (page.count - index), end <= page.start + page.span, end <= bytes.count else {
            throw .corruptPage(pgid: page.pgid, reason: "branch element \(index) (pos \(pos), key \(ksize) bytes) points outside the page")
        }
        key = UnsafeRawBufferPointer(rebasing: bytes[keyStart..<end])
    }
}
