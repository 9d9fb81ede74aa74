import Foundation

/// Runs the user's editor on a file and waits for it, with the terminal handed over.
public struct EditorLauncher: Sendable {
    /// A shell command line; the file path is passed as its last argument ("code --wait" works).
    public var command: String

    public init(command: String) { self.command = command }

    /// `$EDITOR`, else `vi`, as kubectl edit does.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> EditorLauncher {
        for name in ["STRATA_EDITOR", "EDITOR"] {
            if let e = env[name], !e.trimmingCharacters(in: .whitespaces).isEmpty { return EditorLauncher(command: e) }
        }
        return EditorLauncher(command: "vi")
    }

    public func edit(_ path: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        // "$0" keeps spaces in the path intact; the editor command itself may carry arguments.
        p.arguments = ["-c", command + " \"$0\"", path]
        do {
            try p.run()
        } catch {
            throw CommandFailure("cannot start the editor (\(command)): \(error.localizedDescription)")
        }
        p.waitUntilExit()
        guard p.terminationReason == .exit, p.terminationStatus == 0 else {
            throw CommandFailure("the editor (\(command)) exited with status \(p.terminationStatus); nothing was written")
        }
    }
}
