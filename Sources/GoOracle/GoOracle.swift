import Foundation

/// Test support (never linked into the tool). Runs the Go program in `oracle/jsontoyaml.go` (sigs.k8s.io/yaml on go-yaml v2), the source
/// of truth for these tests. The binary is built once per source version into the temp dir.
/// Go missing is a test failure, not a skip: install `golang-go golang-k8s-sigs-yaml-dev`.
public enum GoOracle {
    public enum Mode: String { case jsonToYAML = "json2yaml", yamlToJSON = "yaml2json" }

    public enum Result: Equatable {
        case ok([UInt8])
        case error(String)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    static let sourcePath: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("oracle/jsontoyaml.go").path
    }()

    static let gopath = "/usr/share/gocode"

    private static let buildLock = NSLock()
    nonisolated(unsafe) private static var builtBinary: String?

    public static func binary() throws -> String {
        buildLock.lock()
        defer { buildLock.unlock() }
        if let built = builtBinary { return built }
        guard let source = FileManager.default.contents(atPath: sourcePath) else {
            throw Failure(description: "oracle source missing at \(sourcePath)")
        }
        guard let go = findExecutable("go") else {
            throw Failure(description: "Go is not installed; the GoYAML oracle tests need it: apt-get install -y golang-go golang-k8s-sigs-yaml-dev")
        }
        guard FileManager.default.fileExists(atPath: gopath + "/src/sigs.k8s.io/yaml/yaml.go") else {
            throw Failure(description: "sigs.k8s.io/yaml source missing under \(gopath): apt-get install -y golang-k8s-sigs-yaml-dev")
        }
        var hash: UInt64 = 0xcbf29ce484222325
        for b in source { hash = (hash ^ UInt64(b)) &* 0x100000001b3 }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("goyaml-oracle-\(String(hash, radix: 16))")
        let binary = dir.appendingPathComponent("oracle").path
        if !FileManager.default.isExecutableFile(atPath: binary) {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let tmp = binary + ".\(ProcessInfo.processInfo.processIdentifier)"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: go)
            process.arguments = ["build", "-o", tmp, sourcePath]
            var env = ProcessInfo.processInfo.environment
            env["GO111MODULE"] = "off"
            env["GOPATH"] = gopath
            env["GOCACHE"] = dir.appendingPathComponent("gocache").path
            env["GOFLAGS"] = ""
            process.environment = env
            let errPipe = Pipe()
            process.standardError = errPipe
            try process.run()
            let errText = errPipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw Failure(description: "go build of the oracle failed: \(String(decoding: errText, as: UTF8.self))")
            }
            // Rename into place so concurrent test processes never run a half-written binary.
            _ = rename(tmp, binary)
        }
        builtBinary = binary
        return binary
    }

    /// Converts every input in one oracle process run.
    public static func run(_ mode: Mode, _ inputs: [[UInt8]]) throws -> [Result] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = [mode.rawValue]
        let inPipe = Pipe(), outPipe = Pipe()
        process.standardInput = inPipe
        process.standardOutput = outPipe
        try process.run()
        var request: [UInt8] = []
        for input in inputs {
            request.append(contentsOf: Array("\(input.count)\n".utf8))
            request.append(contentsOf: input)
        }
        // Write from another thread: the oracle's output pipe could otherwise fill up and block.
        let payload = Data(request)
        let writer = Thread {
            inPipe.fileHandleForWriting.write(payload)
            try? inPipe.fileHandleForWriting.close()
        }
        writer.start()
        let response = [UInt8](outPipe.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "oracle exited with status \(process.terminationStatus)")
        }
        var results: [Result] = []
        var i = 0
        while i < response.count {
            guard let newline = response[i...].firstIndex(of: 0x0A) else { break }
            let header = String(decoding: response[i..<newline], as: UTF8.self).split(separator: " ")
            guard header.count == 2, let n = Int(header[1]), newline + 1 + n <= response.count else {
                throw Failure(description: "bad oracle response header")
            }
            let body = Array(response[(newline + 1)..<(newline + 1 + n)])
            results.append(header[0] == "ok" ? .ok(body) : .error(String(decoding: body, as: UTF8.self)))
            i = newline + 1 + n
        }
        guard results.count == inputs.count else {
            throw Failure(description: "oracle answered \(results.count) of \(inputs.count) inputs")
        }
        return results
    }

    private static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin", "/usr/local/go/bin", "/usr/lib/go/bin"] {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
