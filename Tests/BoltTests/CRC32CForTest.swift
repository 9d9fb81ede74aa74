/// A bitwise CRC-32C, independent of the library's table version, to recompute
/// `etcdctl snapshot status`'s hash.
struct BitwiseCRC32C {
    var crc: UInt32 = 0xFFFF_FFFF
    mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
    }
    var value: UInt32 { ~crc }
}
