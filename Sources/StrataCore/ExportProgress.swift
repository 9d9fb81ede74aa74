#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// `exported N / M objects [####    ]` on stderr, redrawn at most ten times a second, and only
/// when stderr is a terminal.
final class ExportProgress {
    private var lastDraw: UInt64 = 0
    let total: Int64

    static func forStandardError(total: Int64) -> ExportProgress? {
        isatty(2) == 1 ? ExportProgress(total: total) : nil
    }

    init(total: Int64) { self.total = total }

    func update(_ done: Int64) {
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDraw > 100_000_000 else { return }
        lastDraw = now
        let width = 30
        let filled = total > 0 ? Int(min(1, Double(done) / Double(total)) * Double(width)) : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\rexported \(done) / \(total) objects [\(bar)]".utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
