#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A one-line progress display on stderr, only when stderr is a terminal (never in pipes or logs).
public final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var lastDraw: UInt64 = 0
    private let label: String

    /// nil when stderr is not a terminal.
    public static func forStandardError(label: String) -> ProgressBar? {
        isatty(2) == 1 ? ProgressBar(label: label) : nil
    }

    init(label: String) { self.label = label }

    public func update(done: Int64, total: Int64) {
        lock.lock()
        defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        // Redrawing at most ten times a second keeps the terminal cheap.
        guard now - lastDraw > 100_000_000 else { return }
        lastDraw = now
        var line = "\r\(label) \(Self.megabytes(done))"
        if total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let width = 30
            let filled = Int(fraction * Double(width))
            line += " / \(Self.megabytes(total)) [" + String(repeating: "#", count: filled)
                + String(repeating: " ", count: width - filled) + "] \(Int(fraction * 100))%"
        }
        FileHandle.standardError.write(Data(line.utf8))
    }

    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func megabytes(_ n: Int64) -> String {
        String(format: "%.1f MB", Double(n) / 1_000_000)
    }
}
