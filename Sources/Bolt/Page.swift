/// One page (with its overflow pages) or an inline bucket's page image, located in the mapping.
/// Only offsets are kept; the accessors check every element against the page's span.
public struct Page: Sendable {
    public static let headerSize = 16
    public static let elementSize = 16

    public struct Flags: OptionSet, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let branch = Flags(rawValue: 0x01)
        public static let leaf = Flags(rawValue: 0x02)
        public static let meta = Flags(rawValue: 0x04)
        public static let freelist = Flags(rawValue: 0x10)
    }

    /// The page id we asked for (0 for an inline page), used in error messages.
    public let pgid: UInt64
    /// File offset of the page header and the number of bytes the page may use.
    public let start: Int
    public let span: Int
    public let storedID: UInt64
    public let flags: Flags
    public let count: Int
    public let overflow: UInt32

    /// Reads the header at `start`; `span` is what the caller knows the page may cover.
    init(pgid: UInt64, start: Int, span: Int, in bytes: UnsafeRawBufferPointer) throws(BoltError) {
        guard start >= 0, span >= Page.headerSize, start <= bytes.count - Page.headerSize else {
            throw .corruptPage(pgid: pgid, reason: "page header lies outside the file")
        }
        self.pgid = pgid
        self.start = start
        self.span = span
        storedID = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start, as: UInt64.self))
        flags = Flags(rawValue: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: start + 8, as: UInt16.self)))
        count = Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: start + 10, as: UInt16.self)))
        overflow = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: start + 12, as: UInt32.self))
    }

    public var isBranch: Bool { flags.contains(.branch) }
    public var isLeaf: Bool { flags.contains(.leaf) }

    /// Checks that the element array fits in the page.
    func checkElements() throws(BoltError) {
        guard Page.headerSize + count * Page.elementSize <= span else {
            throw .corruptPage(pgid: pgid, reason: "\(count) elements do not fit in \(span) bytes")
        }
    }

    func elementOffset(_ index: Int) -> Int { start + Page.headerSize + index * Page.elementSize }
}
