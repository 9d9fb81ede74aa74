import Foundation
import Bolt
import Testing

/// The trailer hash against FIPS 180-2's examples, in one piece and fed in uneven chunks.
@Suite struct SHA256Tests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func knownDigests() {
        let abc = Array("abc".utf8)
        #expect(Self.hex(abc.withUnsafeBytes { SHA256.hash($0) }) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let empty: [UInt8] = []
        #expect(Self.hex(empty.withUnsafeBytes { SHA256.hash($0) }) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func chunkedEqualsWhole() {
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        var h = SHA256()
        var offset = 0
        var step = 1
        while offset < million.count {
            let end = min(million.count, offset + step)
            million[offset..<end].withUnsafeBytes { h.update($0) }
            offset = end
            step = step * 3 + 1
        }
        #expect(Self.hex(h.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
