import Foundation

/// Runs the built `strata` executable the way a user does, capturing stdout, stderr and status.
enum Strata {
    struct Result: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
        let stdoutBytes: Data
    }

    struct Missing: Error, CustomStringConvertible { let description: String }

    /// `strata` sits next to the test bundle in the build directory.
    static func binary() throws -> String {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = dir.appendingPathComponent("strata").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        for b in Bundle.allBundles {
            let candidate = b.bundleURL.deletingLastPathComponent().appendingPathComponent("strata").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Missing(description: "the strata executable was not found next to the test bundle (\(CommandLine.arguments[0])); build it with `swift build`")
    }

    /// Runs `strata args...`. `environment` is added to a clean environment without ETCDCTL_*
    /// variables from the developer's shell.
    static func run(_ args: [String], environment: [String: String] = [:], stdin: Data? = nil,
                    timeout: TimeInterval = 60) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try binary())
        p.arguments = args
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ETCDCTL_") }
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try p.run()
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try? input.fileHandleForWriting.close()
        }
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let killer = DispatchWorkItem { if p.isRunning { p.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        killer.cancel()
        return Result(status: p.terminationStatus, stdout: String(decoding: data, as: UTF8.self),
                      stderr: String(decoding: errBox.data, as: UTF8.self), stdoutBytes: data)
    }

    /// The connection flags for one etcd and transport.
    static func connection(_ etcd: String, _ transport: String) -> [String] {
        ["--endpoints", etcd, "--transport", transport]
    }
}
