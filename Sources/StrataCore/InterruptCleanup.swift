#if canImport(Glibc)
import Glibc
#endif

/// The file to remove when a signal arrives. A signal handler cannot capture context, and may
/// only use async-signal-safe calls (unlink, _exit), so the path lives here as a C string.
nonisolated(unsafe) private var pathToRemoveOnSignal: UnsafeMutablePointer<CChar>?

/// Removes a half-written file when the user interrupts the process (Ctrl-C, SIGTERM, SIGHUP),
/// so that an interrupted save leaves nothing behind either.
final class InterruptCleanup: @unchecked Sendable {
    private static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    init(removing path: String) {
        pathToRemoveOnSignal = strdup(path)
        for sig in Self.signals {
            signal(sig) { received in
                if let p = pathToRemoveOnSignal { unlink(p) }
                _exit(128 + received)
            }
        }
    }

    /// Restores the default signal actions once the file is complete or removed.
    func cancel() {
        for sig in Self.signals { signal(sig, SIG_DFL) }
        let p = pathToRemoveOnSignal
        pathToRemoveOnSignal = nil
        free(p)
    }
}
