import Foundation
import Testing

/// Where the oracle binary lives: one directory per test process, removed at exit.
private let oracleDirectory = FileManager.default.temporaryDirectory
    .appendingPathComponent("gojson-oracle-\(ProcessInfo.processInfo.processIdentifier)").path

/// Builds `oracle/oracle.go` with the installed Go once per test run and runs it on inputs.
/// A missing Go toolchain is a test failure, never a skip: the oracle is the point of these tests.
enum GoOracle {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private static let built: Result<URL, Failure> = build()

    private static func build() -> Result<URL, Failure> {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("oracle/oracle.go")
        let dir = URL(fileURLWithPath: oracleDirectory)
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: oracleDirectory) }
        let binary = dir.appendingPathComponent("oracle")
        var environment = ProcessInfo.processInfo.environment
        environment["GO111MODULE"] = "off"
        if environment["HOME"] == nil && environment["GOCACHE"] == nil {
            environment["GOCACHE"] = dir.appendingPathComponent("gocache").path
        }
        do {
            let (status, _, err) = try runProcess(
                "/usr/bin/go", ["build", "-o", binary.path, source.path], stdin: Data(), environment: environment)
            guard status == 0 else {
                return .failure(Failure(description: "go build of the oracle failed: \(String(decoding: err, as: UTF8.self))"))
            }
        } catch {
            return .failure(Failure(description: "cannot run /usr/bin/go (is Go installed?): \(error)"))
        }
        return .success(binary)
    }

    /// Runs the oracle in `mode` with `input` on stdin and returns its stdout.
    static func run(_ mode: String, input: Data) throws -> Data {
        let binary = try built.get()
        let (status, out, err) = try runProcess(binary.path, [mode], stdin: input, environment: nil)
        guard status == 0 else {
            throw Failure(description: "oracle \(mode) exited \(status): \(String(decoding: err, as: UTF8.self))")
        }
        return out
    }

    /// Files, not pipes, carry stdin/stdout so a large corpus cannot deadlock on a full pipe.
    private static func runProcess(
        _ path: String, _ arguments: [String], stdin: Data, environment: [String: String]?
    ) throws -> (Int32, Data, Data) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gojson-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inURL = dir.appendingPathComponent("in")
        let outURL = dir.appendingPathComponent("out")
        let errURL = dir.appendingPathComponent("err")
        try stdin.write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try Data(contentsOf: outURL), try Data(contentsOf: errURL))
    }
}

/// Deterministic generator so a failing corpus can be reproduced.
struct SplitMix64: RandomNumberGenerator {
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
