#if canImport(Glibc)
import Glibc
#endif

/// The engine allocates and frees tens of millions of small objects of a few sizes (JSON members,
/// decoded objects, encoded values). glibc's per-thread cache keeps only 7 freed chunks per size, so
/// beyond that every free goes to the arena's bins, where coalescing and `malloc_consolidate` took
/// about a fifth of a 1,000-node run. glibc reads the cache size only from `GLIBC_TUNABLES` at
/// start-up (there is no `mallopt` for it), so a long engine run re-executes itself once with a
/// larger cache. Measured on `scale --nodes 1000 --pods 30000`: 74–96 s without, 60–76 s with,
/// peak RSS 1.65 → 1.80 GB.
public enum AllocatorTuning {
    public static let variable = "GLIBC_TUNABLES"
    public static let tunables = "glibc.malloc.tcache_count=65000"

    /// Re-executing is only worth it on glibc, and never over a `GLIBC_TUNABLES` the user chose
    /// (which is also what stops the re-executed process from doing it again).
    public static func wantsReexec(environment: [String: String]) -> Bool {
        #if os(Linux) && canImport(Glibc)
        return environment[variable] == nil
        #else
        return false
        #endif
    }

    /// Replaces the process with itself, same arguments, larger allocator cache. Returns only if
    /// that was not wanted or could not be done, and then the run goes on unchanged.
    public static func reexecWithLargerThreadCache() {
        #if os(Linux) && canImport(Glibc)
        let current = getenv(variable).map { String(cString: $0) }
        guard wantsReexec(environment: current.map { [variable: $0] } ?? [:]) else { return }
        setenv(variable, tunables, 1)
        _ = execv("/proc/self/exe", CommandLine.unsafeArgv)
        unsetenv(variable)
        #endif
    }
}
