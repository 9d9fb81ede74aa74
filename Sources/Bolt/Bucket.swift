/// A bucket: either a tree rooted at a page, or (root 0) an inline page image stored inside its
/// parent's leaf value.
public struct Bucket: Sendable {
    static let headerSize = 16

    public let name: String
    public let rootPgid: UInt64
    public let sequence: UInt64
    /// File range of the inline page image, when the bucket is inline.
    public let inlinePage: Range<Int>?

    init(name: String, rootPgid: UInt64, sequence: UInt64, inlinePage: Range<Int>?) {
        self.name = name
        self.rootPgid = rootPgid
        self.sequence = sequence
        self.inlinePage = inlinePage
    }

    /// Parses a bucket value found in a leaf element flagged as a bucket. `parentPgid` names the
    /// page holding it, for errors.
    init(name: String, element: LeafElement, parentPgid: UInt64) throws(BoltError) {
        let v = element.value
        guard v.count >= Bucket.headerSize else {
            throw .corruptPage(pgid: parentPgid, reason: "bucket \"\(name)\" has a \(v.count)-byte header")
        }
        let root = UInt64(littleEndian: v.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        let seq = UInt64(littleEndian: v.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        if root == 0 {
            let start = element.valueOffset + Bucket.headerSize
            guard v.count - Bucket.headerSize >= Page.headerSize else {
                throw .corruptPage(pgid: parentPgid, reason: "inline bucket \"\(name)\" is shorter than a page header")
            }
            self.init(name: name, rootPgid: 0, sequence: seq, inlinePage: start..<(element.valueOffset + v.count))
        } else {
            self.init(name: name, rootPgid: root, sequence: seq, inlinePage: nil)
        }
    }
}
