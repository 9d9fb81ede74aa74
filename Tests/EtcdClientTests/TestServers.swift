import EtcdClient
import EtcdTestSupport
import Foundation
import Testing

/// etcd servers shared by the tests of one run. Each starts on first use and is stopped when
/// the test process exits, so suites do not pay ~2 s of start/stop per test.
enum TestServers {
    static let plain: Result<EtcdProcess, Error> = register(Result { try EtcdProcess.start(name: "client-plain") })
    /// Compaction is global: tests that compact get servers of their own (one per serialized
    /// suite), so they cannot compact away revisions another suite is about to read.
    static let compactingKV: Result<EtcdProcess, Error> = register(Result { try EtcdProcess.start(name: "client-compact-kv") })
    static let compactingWatch: Result<EtcdProcess, Error> = register(Result { try EtcdProcess.start(name: "client-compact-watch") })

    /// mTLS with `--client-cert-auth`, and auth enabled: root/rootpw and alice/alicepw, whose
    /// role may only read and write under /alice/.
    static let secure: Result<(EtcdProcess, PKI), Error> = Result {
        let pki = try PKI.shared.get()
        let etcd = try EtcdProcess.start(
            name: "client-tls", scheme: "https",
            extraArguments: ["--client-cert-auth", "--trusted-ca-file", pki.ca, "--cert-file", pki.serverCert,
                             "--key-file", pki.serverKey],
            healthArguments: ["--cacert", pki.ca, "--cert", pki.clientCert, "--key", pki.clientKeyPKCS8])
        _ = register(.success(etcd))
        let tls = ["--cacert", pki.ca, "--cert", pki.clientCert, "--key", pki.clientKeyPKCS8]
        for args in [["user", "add", "root", "--new-user-password=rootpw"], ["user", "grant-role", "root", "root"],
                     ["role", "add", "alice-role"], ["role", "grant-permission", "--prefix=true", "alice-role", "readwrite", "/alice/"],
                     ["user", "add", "alice", "--new-user-password=alicepw"], ["user", "grant-role", "alice", "alice-role"],
                     ["auth", "enable"]] {
            try etcd.etcdctl(tls + args)
        }
        return (etcd, pki)
    }

    nonisolated(unsafe) private static var started: [EtcdProcess] = []
    private static let lock = NSLock()
    private static let installExitHook: Void = {
        atexit { TestServers.stopAll() }
    }()

    static func register(_ r: Result<EtcdProcess, Error>) -> Result<EtcdProcess, Error> {
        _ = installExitHook
        if case .success(let e) = r { lock.withLock { started.append(e) } }
        return r
    }

    static func stopAll() {
        let all = lock.withLock { let a = started; started = []; return a }
        for e in all { e.kill9(); e.stop() }
    }

    static func client(_ etcd: EtcdProcess, _ transport: EtcdTransportKind, configure: (inout EtcdClientConfig) -> Void = { _ in }) throws -> EtcdClient {
        var c = EtcdClientConfig(endpoints: [etcd.endpoint], transport: transport)
        configure(&c)
        return try EtcdClient(config: c)
    }
}

/// A throwaway PKI made with openssl, as etcd.md §10 describes: CA, a server cert with
/// SAN 127.0.0.1 and EKU serverAuth+clientAuth, and a client cert without CN whose key is
/// saved as RSA PKCS#8, RSA PKCS#1, plus a second client with an EC key.
struct PKI: Sendable {
    let dir: String
    var ca: String { dir + "/ca.crt" }
    var serverCert: String { dir + "/server.crt" }
    var serverKey: String { dir + "/server.key" }
    var clientCert: String { dir + "/client.crt" }
    var clientKeyPKCS8: String { dir + "/client.key" }
    var clientKeyPKCS1: String { dir + "/client-pkcs1.key" }
    var ecClientCert: String { dir + "/client-ec.crt" }
    var ecClientKey: String { dir + "/client-ec.key" }
    var otherCA: String { dir + "/other-ca.crt" }

    static let shared: Result<PKI, Error> = Result { try PKI.make() }

    static func make() throws -> PKI {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-pki-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let pki = PKI(dir: dir)
        func openssl(_ args: [String]) throws { try EtcdProcess.run(["/usr/bin/openssl"] + args) }
        func write(_ name: String, _ text: String) throws { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        try write("server.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n")
        try write("client.ext", "extendedKeyUsage=clientAuth\n")
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/ca.key", "-out", pki.ca, "-days", "3650", "-subj", "/CN=strata-test-ca"])
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/other-ca.key", "-out", pki.otherCA, "-days", "3650", "-subj", "/CN=unrelated-ca"])
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", pki.serverKey, "-out", dir + "/server.csr", "-subj", "/CN=etcd-server"])
        try openssl(["x509", "-req", "-in", dir + "/server.csr", "-CA", pki.ca, "-CAkey", dir + "/ca.key", "-CAcreateserial",
                     "-out", pki.serverCert, "-days", "3650", "-extfile", dir + "/server.ext"])
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", pki.clientKeyPKCS8, "-out", dir + "/client.csr", "-subj", "/O=strata-test-client"])
        try openssl(["x509", "-req", "-in", dir + "/client.csr", "-CA", pki.ca, "-CAkey", dir + "/ca.key", "-CAcreateserial",
                     "-out", pki.clientCert, "-days", "3650", "-extfile", dir + "/client.ext"])
        try openssl(["rsa", "-in", pki.clientKeyPKCS8, "-out", pki.clientKeyPKCS1, "-traditional"])
        try openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", pki.ecClientKey])
        try openssl(["req", "-new", "-key", pki.ecClientKey, "-out", dir + "/client-ec.csr", "-subj", "/O=strata-test-ec-client"])
        try openssl(["x509", "-req", "-in", dir + "/client-ec.csr", "-CA", pki.ca, "-CAkey", dir + "/ca.key", "-CAcreateserial",
                     "-out", pki.ecClientCert, "-days", "3650", "-extfile", dir + "/client.ext"])
        return pki
    }
}

/// UTF-8 bytes of a string, for readable keys and values.
func b(_ s: String) -> [UInt8] { Array(s.utf8) }

/// Expects `body` to throw an error that satisfies `check`; on failure the message includes the
/// actual error, which is what matters when a wording test breaks.
func expectError(_ body: () async throws -> Void, where check: (any Error) -> Bool,
                 sourceLocation: SourceLocation = #_sourceLocation) async {
    do {
        try await body()
        Issue.record("expected an error, but the call succeeded", sourceLocation: sourceLocation)
    } catch {
        if !check(error) { Issue.record("unexpected error: \(error)", sourceLocation: sourceLocation) }
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
