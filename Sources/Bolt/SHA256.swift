import Crypto

/// SHA-256 for snapshot trailers: swift-crypto's (BoringSSL, hardware-assisted where the CPU
/// has it) behind the small interface the reader and writer use. A snapshot of 600 MB is hashed
/// when it is opened, so this is on the path of every offline command.
public struct SHA256 {
    private var hasher = Crypto.SHA256()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    public mutating func finalize() -> [UInt8] {
        Array(hasher.finalize())
    }

    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var h = SHA256()
        h.update(bytes)
        return h.finalize()
    }
}
