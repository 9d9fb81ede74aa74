@testable import EtcdClient
import EtcdModel
import EtcdTestSupport
import Foundation
import Testing

/// mTLS (`--client-cert-auth`) plus user/password auth, over both transports.
@Suite(.serialized) struct LiveTLSAuthTests {
    let etcd: EtcdProcess
    let pki: PKI

    init() throws {
        (etcd, pki) = try TestServers.secure.get()
    }

    enum KeyKind: String, CaseIterable, Sendable { case rsaPKCS8, rsaPKCS1, ec }

    func client(_ transport: EtcdTransportKind, key: KeyKind = .rsaPKCS8, user: String? = "root:rootpw",
                ca: String? = nil, withCert: Bool = true) throws -> EtcdClient {
        var c = EtcdClientConfig(endpoints: [etcd.endpoint], transport: transport)
        c.caCertPath = ca ?? pki.ca
        if withCert {
            switch key {
            case .rsaPKCS8: (c.certPath, c.keyPath) = (pki.clientCert, pki.clientKeyPKCS8)
            case .rsaPKCS1: (c.certPath, c.keyPath) = (pki.clientCert, pki.clientKeyPKCS1)
            case .ec: (c.certPath, c.keyPath) = (pki.ecClientCert, pki.ecClientKey)
            }
        }
        c.user = user
        return try EtcdClient(config: c)
    }

    @Test(arguments: EtcdTransportKind.allCases, KeyKind.allCases)
    func clientCertificatesOfEveryKeyFormat(_ transport: EtcdTransportKind, _ key: KeyKind) async throws {
        // The PKCS#1 file really is the traditional format, so this covers both PEM headers.
        if key == .rsaPKCS1 {
            #expect(try String(contentsOfFile: pki.clientKeyPKCS1, encoding: .utf8).hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        }
        let c = try client(transport, key: key)
        defer { Task { await c.close() } }
        let k = b("/tls/\(transport)-\(key)")
        _ = try await c.put(PutRequest(key: k, value: b("secret")))
        #expect(try await c.range(RangeRequest(key: k)).kvs.first?.value == b("secret"))
        #expect(try await c.status().version.hasPrefix("3."))
    }

    /// A host name instead of an IP: DNS resolution, SNI and host name verification (the server
    /// certificate lists DNS:localhost).
    @Test(arguments: EtcdTransportKind.allCases)
    func hostNameEndpointIsVerified(_ transport: EtcdTransportKind) async throws {
        var c = EtcdClientConfig(endpoints: ["https://localhost:\(etcd.clientPort)"], transport: transport)
        (c.caCertPath, c.certPath, c.keyPath, c.user) = (pki.ca, pki.clientCert, pki.clientKeyPKCS8, "root:rootpw")
        let client = try EtcdClient(config: c)
        defer { Task { await client.close() } }
        #expect(try await client.status().version.hasPrefix("3."))
    }

    @Test(arguments: EtcdTransportKind.allCases)
    func missingClientCertificateIsRejectedClearly(_ transport: EtcdTransportKind) async throws {
        let c = try client(transport, withCert: false)
        defer { Task { await c.close() } }
        await expectError {
            _ = try await c.range(RangeRequest(key: b("/tls/x")))
        } where: { error in
            print("no client cert over \(transport): \(error)")
            guard let e = error as? EtcdError else { return false }
            return e.kind == .tls && e.description.contains("client certificate")
        }
    }

    @Test(arguments: EtcdTransportKind.allCases)
    func unknownAuthorityIsNamed(_ transport: EtcdTransportKind) async throws {
        let c = try client(transport, ca: pki.otherCA)
        defer { Task { await c.close() } }
        await expectError {
            _ = try await c.range(RangeRequest(key: b("/tls/x")))
        } where: { error in
            print("wrong CA over \(transport): \(error)")
            return (error as? EtcdError)?.description.hasPrefix("certificate signed by unknown authority") == true
        }
    }

    @Test(arguments: EtcdTransportKind.allCases)
    func roleLimitedUserGetsPermissionDeniedOutsideItsPrefix(_ transport: EtcdTransportKind) async throws {
        let alice = try client(transport, user: "alice:alicepw")
        defer { Task { await alice.close() } }
        _ = try await alice.put(PutRequest(key: b("/alice/\(transport)"), value: b("mine")))
        #expect(try await alice.range(RangeRequest(key: b("/alice/\(transport)"))).kvs.first?.value == b("mine"))
        await expectError {
            _ = try await alice.range(RangeRequest(key: b("/tls/other")))
        } where: { error in
            (error as? EtcdError)?.kind == .permissionDenied && "\(error)" == "permission denied: user alice"
        }
        // A watch outside the prefix is canceled by the server with the same wording.
        await expectError {
            for try await _ in alice.watch(WatchCreateRequest(key: b("/tls/other"))) {}
        } where: { error in
            "\(error)" == "permission denied: user alice"
        }
    }

    @Test(arguments: EtcdTransportKind.allCases)
    func wrongPasswordAndMissingUser(_ transport: EtcdTransportKind) async throws {
        let bad = try client(transport, user: "alice:nope")
        defer { Task { await bad.close() } }
        await expectError {
            _ = try await bad.range(RangeRequest(key: b("/alice/x")))
        } where: { error in
            "\(error)" == "authentication failed: invalid user ID or password"
        }
        let anonymous = try client(transport, user: nil)
        defer { Task { await anonymous.close() } }
        await expectError {
            _ = try await anonymous.range(RangeRequest(key: b("/alice/x")))
        } where: { error in
            // With a CN-less client certificate etcd 3.4 answers "permission denied" rather than
            // "user name is empty"; either way the message must point at --user.
            print("no user over \(transport): \(error)")
            return (error as? EtcdError)?.kind == .permissionDenied && "\(error)".contains("pass --user")
        }
    }

    @Test(arguments: EtcdTransportKind.allCases)
    func staleTokenIsReplacedOnce(_ transport: EtcdTransportKind) async throws {
        let c = try client(transport)
        defer { Task { await c.close() } }
        _ = try await c.range(RangeRequest(key: b("/tls/x")))
        c.replaceTokenForTesting(index: 0, with: "bogusbogusbogus.1")
        _ = try await c.range(RangeRequest(key: b("/tls/x")))
        #expect(c.tokenForTesting(index: 0) != "bogusbogusbogus.1")
    }

    @Test(arguments: EtcdTransportKind.allCases)
    func watchAndSnapshotCarryTheToken(_ transport: EtcdTransportKind) async throws {
        let c = try client(transport)
        defer { Task { await c.close() } }
        let key = b("/tls/watched-\(transport)")
        var it = c.watch(WatchCreateRequest(key: key)).makeAsyncIterator()
        #expect(try await it.next()?.created == true)
        _ = try await c.put(PutRequest(key: key, value: b("v")))
        #expect(try await it.next()?.events.first?.kv.value == b("v"))

        var bytes = 0
        for try await chunk in c.snapshot() { bytes += chunk.count }
        #expect(bytes % 4096 == 32)
    }
}
