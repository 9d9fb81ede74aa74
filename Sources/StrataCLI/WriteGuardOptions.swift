import ArgumentParser
import StrataCore

/// `--if-mod-revision R` / `--force`: what a write may replace.
struct WriteGuardOptions: ParsableArguments {
    @Option(help: "Write only if the key's mod revision is still R (replace a version you have seen).")
    var ifModRevision: Int64?

    @Flag(help: "Write whatever is there now.")
    var force = false

    /// `unguarded` is the guard when neither flag is given.
    func writeGuard(unguarded: WriteGuard) throws -> WriteGuard {
        switch (ifModRevision, force) {
        case (.some, true): throw ValidationError("--if-mod-revision and --force exclude each other")
        case (.some(let r), false):
            guard r > 0 else { throw ValidationError("--if-mod-revision must be a positive revision") }
            return .modRevision(r)
        case (nil, true): return .force
        case (nil, false): return unguarded
        }
    }
}
