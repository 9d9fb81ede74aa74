/// Copies of user keys in large chunks. Indexes keep their keys here rather than pointing into
/// the mapped file, so that sorting and hashing them does not bring the file's pages back into
/// memory after a scan released them (a key is tiny; the page holding it is 4 KB or more).
final class KeyArena: @unchecked Sendable {
    static let chunkSize = 1 << 20
    private var chunks: [UnsafeMutableRawBufferPointer] = []
    private var used = 0

    /// A stable copy of `bytes`, valid as long as the arena lives.
    func copy(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let n = bytes.count
        if n > KeyArena.chunkSize / 4 {
            let own = UnsafeMutableRawBufferPointer.allocate(byteCount: max(n, 1), alignment: 1)
            own.copyMemory(from: bytes)
            chunks.append(own)
            return UnsafeRawBufferPointer(rebasing: own[0..<n])
        }
        if chunks.isEmpty || used + n > KeyArena.chunkSize || chunks[chunks.count - 1].count != KeyArena.chunkSize {
            chunks.append(UnsafeMutableRawBufferPointer.allocate(byteCount: KeyArena.chunkSize, alignment: 8))
            used = 0
        }
        let chunk = chunks[chunks.count - 1]
        let target = UnsafeMutableRawBufferPointer(rebasing: chunk[used..<(used + n)])
        target.copyMemory(from: bytes)
        used += n
        return UnsafeRawBufferPointer(target)
    }

    deinit {
        for c in chunks { c.deallocate() }
    }
}
