import Foundation

/// Directories that fixtures shared by a whole test run create, removed when the test process exits (the fixtures
/// live for the whole run, so no single test can remove them).
public enum TemporaryDirectories {
    nonisolated(unsafe) private static var paths: [String] = []
    private static let lock = NSLock()
    nonisolated(unsafe) private static var registered = false

    public static func removeAtExit(_ url: URL) {
        lock.lock()
        defer { lock.unlock() }
        paths.append(url.path)
        if !registered {
            registered = true
            atexit { TemporaryDirectories.removeAll() }
        }
    }

    private static func removeAll() {
        for p in paths { try? FileManager.default.removeItem(atPath: p) }
    }
}
