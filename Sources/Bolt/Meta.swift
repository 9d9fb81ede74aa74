/// bbolt's meta page (pages 0 and 1). The newer valid one is the database's current state.
public struct Meta: Sendable, Equatable {
    public static let magic: UInt32 = 0xED0C_DAED
    public static let version: UInt32 = 2
    /// The meta struct starts after the page header and its checksum covers the 56 bytes before it.
    static let offset = 16
    static let checksummedBytes = 56
    static let size = 64

    public let pageIndex: Int
    public let pageSize: Int
    public let flags: UInt32
    public let rootPgid: UInt64
    public let rootSequence: UInt64
    public let freelistPgid: UInt64
    /// The high-water mark: pages in use, so the database image is `highWater * pageSize` bytes.
    public let highWater: UInt64
    public let txid: UInt64

    /// Parses and validates the meta of page `pageIndex` assuming `pageSize`; returns why it is
    /// unusable otherwise.
    static func read(pageIndex: Int, pageSize: Int, in bytes: UnsafeRawBufferPointer) -> Result<Meta, MetaProblem> {
        let page = pageIndex * pageSize
        let m = page + offset
        guard m + size <= bytes.count else { return .failure(MetaProblem("meta page \(pageIndex) lies beyond the end of the file")) }
        func u32(_ o: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: m + o, as: UInt32.self)) }
        func u64(_ o: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: m + o, as: UInt64.self)) }
        guard u32(0) == magic else { return .failure(MetaProblem("meta page \(pageIndex): bad magic \(hex(u32(0)))")) }
        guard u32(4) == version else { return .failure(MetaProblem("meta page \(pageIndex): unsupported version \(u32(4))")) }
        let stored = u64(56)
        let computed = FNV1a.hash64(UnsafeRawBufferPointer(rebasing: bytes[m..<(m + checksummedBytes)]))
        guard stored == computed else { return .failure(MetaProblem("meta page \(pageIndex): checksum mismatch")) }
        let ps = Int(u32(8))
        guard ps >= 512, ps <= 1 << 16, ps & (ps - 1) == 0 else { return .failure(MetaProblem("meta page \(pageIndex): bad page size \(ps)")) }
        let meta = Meta(pageIndex: pageIndex, pageSize: ps, flags: u32(12), rootPgid: u64(16), rootSequence: u64(24),
                        freelistPgid: u64(32), highWater: u64(40), txid: u64(48))
        guard meta.highWater >= 2, meta.highWater < UInt64(Int.max) / UInt64(ps) else {
            return .failure(MetaProblem("meta page \(pageIndex): bad high-water mark \(meta.highWater)"))
        }
        guard meta.rootPgid >= 2, meta.rootPgid < meta.highWater else {
            return .failure(MetaProblem("meta page \(pageIndex): root page \(meta.rootPgid) outside 2..<\(meta.highWater)"))
        }
        return .success(meta)
    }

    static func hex(_ v: UInt32) -> String { "0x" + String(v, radix: 16) }
}

/// Why a meta page cannot be used.
struct MetaProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
