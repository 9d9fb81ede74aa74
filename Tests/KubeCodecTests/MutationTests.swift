import Foundation
import Testing
@testable import KubeCodec

/// Damaged values must give an error or some output — never a crash, a hang or a trap.
@Suite struct MutationTests {
    @Test(arguments: Fixtures.names)
    func everyTruncationIsHandled(name: String) throws {
        let pb = try Fixtures.data(name, "pb")
        let renderer = ValueRenderer()
        var errors = 0
        var tried = 0
        // Every offset in the envelope and the first fields, then a stride through the rest
        // (every offset of every fixture takes minutes in a debug build).
        let cuts = Array(0..<min(pb.count, 96)) + Array(stride(from: 96, to: pb.count, by: 5))
        pb.withUnsafeBytes { whole in
            for cut in cuts {
                let raw = UnsafeRawBufferPointer(rebasing: whole[0..<cut])
                tried += 1
                if (try? renderer.render(raw, as: .jsonl)) == nil { errors += 1 }
                if cut % 11 == 0 { _ = try? renderer.render(raw, as: .yaml) }
            }
        }
        // A cut inside the envelope or a message must be reported, not printed as a smaller object.
        #expect(errors > tried / 2, "only \(errors) of \(tried) truncations were reported as errors")
    }

    @Test(arguments: Fixtures.names)
    func randomBitFlipsAreHandled(name: String) throws {
        let pb = try Fixtures.data(name, "pb")
        var rng = SplitMix64(seed: UInt64(pb.count) &* 31 &+ UInt64(name.utf8.count))
        let renderer = ValueRenderer()
        for _ in 0..<60 {
            var damaged = pb
            for _ in 0..<Int(rng.next() % 4 + 1) {
                let i = Int(rng.next() % UInt64(damaged.count))
                damaged[i] ^= UInt8(1 << (rng.next() % 8))
            }
            damaged.withUnsafeBytes { raw in
                _ = try? renderer.render(raw, as: .json)
                _ = try? renderer.render(raw, as: .yaml)
            }
        }
    }
}

/// A small deterministic generator so failures reproduce.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
