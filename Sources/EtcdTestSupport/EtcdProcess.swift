import Foundation

/// A throwaway etcd server for tests: Debian's `etcd` on free loopback ports with a temporary
/// data dir. Tests that need etcd call `EtcdProcess.start()`; if the binary is missing the call
/// throws (tests must not silently skip: the README's test command installs etcd-server).
public final class EtcdProcess: @unchecked Sendable {
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    public let name: String
    public let clientPort: Int
    public let peerPort: Int
    public let directory: URL
    public let dataDir: URL
    public let scheme: String
    public private(set) var process: Process?

    public var endpoint: String { "\(scheme)://127.0.0.1:\(clientPort)" }
    public var pid: Int32 { process?.processIdentifier ?? 0 }

    /// Paths searched for the etcd binaries, in order.
    public static func binary(_ name: String) -> String? {
        let env = ProcessInfo.processInfo.environment
        if let override = env["STRATA_" + name.uppercased() + "_BIN"], FileManager.default.isExecutableFile(atPath: override) {
            return override
        }
        for dir in ["/usr/bin", "/usr/local/bin", "/usr/sbin"] {
            let p = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    private init(name: String, clientPort: Int, peerPort: Int, directory: URL, scheme: String, dataDir: URL) {
        self.name = name
        self.clientPort = clientPort
        self.peerPort = peerPort
        self.directory = directory
        self.scheme = scheme
        self.dataDir = dataDir
    }

    /// Restores `snapshot` with `etcdctl snapshot restore` into a data dir under `directory` (as
    /// member `name`, the name the snapshot's cluster had) and starts etcd on it.
    public static func startRestored(snapshot: String, directory: URL, name: String) throws -> EtcdProcess {
        guard let etcdctl = binary("etcdctl") else {
            throw StartError(description: "etcdctl not found: install etcd-client (the README's test command does)")
        }
        let peerPort = try freePort()
        let dataDir = directory.appendingPathComponent("restored-\(UUID().uuidString)")
        _ = try run([etcdctl, "snapshot", "restore", snapshot, "--data-dir", dataDir.path, "--name", name,
                     "--initial-cluster", "\(name)=http://127.0.0.1:\(peerPort)",
                     "--initial-advertise-peer-urls", "http://127.0.0.1:\(peerPort)"],
                    environment: ["ETCDCTL_API": "3"])
        return try start(name: name, dataDir: dataDir)
    }

    /// Starts etcd and waits until it answers. `extraArguments` are appended (TLS, auth flags).
    /// `dataDir` reuses an existing (e.g. restored) data directory; the default is a fresh one.
    public static func start(name: String = "strata-test", scheme: String = "http",
                             extraArguments: [String] = [], dataDir: URL? = nil,
                             healthArguments: [String] = [],
                             timeout: TimeInterval = 20) throws -> EtcdProcess {
        guard let etcd = binary("etcd") else {
            throw StartError(description: "etcd binary not found: install Debian's etcd-server (the README's test command does)")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-etcd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let data = dataDir ?? dir.appendingPathComponent("data")
        var lastError = ""
        for _ in 0..<5 {
            let (cp, pp) = (try freePort(), try freePort())
            let e = EtcdProcess(name: name, clientPort: cp, peerPort: pp, directory: dir, scheme: scheme, dataDir: data)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: etcd)
            p.arguments = [
                "--name", name, "--data-dir", data.path,
                "--listen-client-urls", "\(scheme)://127.0.0.1:\(cp)",
                "--advertise-client-urls", "\(scheme)://127.0.0.1:\(cp)",
                "--listen-peer-urls", "http://127.0.0.1:\(pp)",
                "--initial-advertise-peer-urls", "http://127.0.0.1:\(pp)",
                "--initial-cluster", "\(name)=http://127.0.0.1:\(pp)",
                "--initial-cluster-state", "new",
                "--unsafe-no-fsync", "--logger", "zap", "--log-level", "error",
                "--log-outputs", dir.appendingPathComponent("etcd.log").path,
            ] + extraArguments
            let errLog = dir.appendingPathComponent("stderr.log")
            FileManager.default.createFile(atPath: errLog.path, contents: nil)
            p.standardError = try FileHandle(forWritingTo: errLog)
            p.standardOutput = FileHandle.nullDevice
            p.standardInput = FileHandle.nullDevice
            try p.run()
            e.process = p
            if e.waitHealthy(timeout: timeout, extraCurlArguments: healthArguments) { return e }
            lastError = (try? String(contentsOf: dir.appendingPathComponent("etcd.log"), encoding: .utf8)) ?? ""
            e.stop(removeDirectory: false)
        }
        throw StartError(description: "etcd did not become healthy: \(lastError.suffix(2000))")
    }

    /// Polls `etcdctl endpoint health` (works for http and https) until healthy or the timeout.
    func waitHealthy(timeout: TimeInterval, extraCurlArguments: [String]) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard let p = process, p.isRunning else { return false }
            if scheme == "http" {
                if let body = try? Self.run(["/usr/bin/curl", "-sf", "-m", "1", endpoint + "/health"]), body.contains("\"health\":\"true\"") {
                    return true
                }
            } else {
                if let body = try? Self.run(["/usr/bin/curl", "-sf", "-m", "1"] + extraCurlArguments + [endpoint + "/health"]),
                   body.contains("\"health\":\"true\"") {
                    return true
                }
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    /// Runs `etcdctl` against this server with ETCDCTL_API=3 and returns stdout.
    @discardableResult
    public func etcdctl(_ arguments: [String], stdin: Data? = nil) throws -> Data {
        guard let bin = Self.binary("etcdctl") else { throw StartError(description: "etcdctl not found: install etcd-client") }
        return try Self.runData([bin, "--endpoints", endpoint] + arguments, environment: ["ETCDCTL_API": "3"], stdin: stdin)
    }

    /// Sends SIGTERM and waits for the process to exit (SIGKILL after 10 s).
    public func stop(removeDirectory: Bool = true) {
        if let p = process, p.isRunning {
            kill(p.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(10)
            while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
        }
        process = nil
        if removeDirectory { try? FileManager.default.removeItem(at: directory) }
    }

    /// Kills the server at once (for failure tests).
    public func kill9() {
        if let p = process, p.isRunning {
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
    }

    deinit { stop() }

    // MARK: - helpers

    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StartError(description: "socket() failed") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw StartError(description: "bind() failed") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        guard named == 0 else { throw StartError(description: "getsockname() failed") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    @discardableResult
    public static func run(_ argv: [String], environment: [String: String] = [:]) throws -> String {
        String(decoding: try runData(argv, environment: environment), as: UTF8.self)
    }

    public static func runData(_ argv: [String], environment: [String: String] = [:], stdin: Data? = nil) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: argv[0])
        p.arguments = Array(argv.dropFirst())
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let inPipe = Pipe()
        p.standardInput = stdin == nil ? FileHandle.nullDevice : inPipe
        try p.run()
        if let stdin {
            inPipe.fileHandleForWriting.write(stdin)
            try? inPipe.fileHandleForWriting.close()
        }
        // Read both pipes concurrently so a chatty stderr cannot block the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let errData = errBox.data
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw StartError(description: "\(argv.joined(separator: " ")) exited \(p.terminationStatus): \(String(decoding: errData, as: UTF8.self))")
        }
        return data
    }
}
