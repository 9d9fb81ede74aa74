import Testing
@testable import EngineCluster

/// A long engine run re-executes itself with a larger glibc cache, but never over a
/// GLIBC_TUNABLES the user set (an empty one included: that is how to measure the defaults),
/// which is also what keeps the re-executed process from doing it again.
@Suite struct AllocatorTuningTests {
    @Test func reexecutesOnlyWhenTheUserChoseNothing() {
        #if os(Linux)
        #expect(AllocatorTuning.wantsReexec(environment: ["PATH": "/usr/bin"]))
        #else
        #expect(!AllocatorTuning.wantsReexec(environment: ["PATH": "/usr/bin"]))
        #endif
        #expect(!AllocatorTuning.wantsReexec(environment: ["GLIBC_TUNABLES": ""]))
        #expect(!AllocatorTuning.wantsReexec(environment: ["GLIBC_TUNABLES": "glibc.malloc.arena_max=1"]))
        #expect(!AllocatorTuning.wantsReexec(environment: [AllocatorTuning.variable: AllocatorTuning.tunables]))
    }

    @Test func theTunableIsOneGlibcAccepts() {
        // glibc ignores a tcache_count above 65535 (and the whole string if it is malformed).
        let parts = AllocatorTuning.tunables.split(separator: "=")
        #expect(parts.count == 2 && parts[0] == "glibc.malloc.tcache_count")
        #expect((Int(parts.last ?? "") ?? 0) > 7 && (Int(parts.last ?? "") ?? .max) <= 65535)
    }
}
