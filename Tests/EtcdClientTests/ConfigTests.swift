import GRPCCore
import Testing
@testable import EtcdClient

@Suite struct ConfigTests {
    @Test func endpointsParse() throws {
        #expect(try Endpoint.parse("http://127.0.0.1:2379", defaultTLS: true) == Endpoint(host: "127.0.0.1", port: 2379, tls: false))
        #expect(try Endpoint.parse("https://etcd.local:4001/", defaultTLS: false) == Endpoint(host: "etcd.local", port: 4001, tls: true))
        #expect(try Endpoint.parse("10.0.0.1:2379", defaultTLS: true).tls)
        #expect(try Endpoint.parse("10.0.0.1", defaultTLS: false).port == 2379)
        #expect(try Endpoint.parse("[::1]:23790", defaultTLS: false) == Endpoint(host: "::1", port: 23790, tls: false))
        #expect(try Endpoint.parse("[::1]:23790", defaultTLS: false).display == "[::1]:23790")
        for bad in ["unix:///tmp/x", "http://", "h:0", "h:99999", "h:x", "[::1", ":2379"] {
            #expect(throws: EtcdError.self) { try Endpoint.parse(bad, defaultTLS: false) }
        }
    }

    @Test func environmentLikeEtcdctl() {
        let c = EtcdClientConfig.fromEnvironment([
            "ETCDCTL_ENDPOINTS": "https://a:2379, https://b:2379",
            "ETCDCTL_CACERT": "/ca.crt", "ETCDCTL_CERT": "/c.crt", "ETCDCTL_KEY": "/c.key",
            "ETCDCTL_INSECURE_SKIP_TLS_VERIFY": "true",
            "ETCDCTL_USER": "alice:secret",
            "ETCDCTL_DIAL_TIMEOUT": "500ms", "ETCDCTL_COMMAND_TIMEOUT": "1m30s",
        ])
        #expect(c.endpoints == ["https://a:2379", "https://b:2379"])
        #expect(c.caCertPath == "/ca.crt" && c.certPath == "/c.crt" && c.keyPath == "/c.key")
        #expect(c.insecureSkipTLSVerify)
        #expect(c.credentials?.name == "alice" && c.credentials?.password == "secret")
        #expect(c.dialTimeout == .milliseconds(500))
        #expect(c.commandTimeout == .seconds(90))
        let d = EtcdClientConfig.fromEnvironment([:])
        #expect(d == EtcdClientConfig())
        #expect(d.dialTimeout == .seconds(2) && d.commandTimeout == .seconds(5) && d.transport == .grpc)
    }

    @Test func userAndSeparatePassword() {
        var c = EtcdClientConfig()
        c.user = "root"
        c.password = "pa:ss"
        #expect(c.credentials?.name == "root" && c.credentials?.password == "pa:ss")
        c.user = nil
        #expect(c.credentials == nil)
    }

    @Test func goDurations() {
        #expect(EtcdClientConfig.parseGoDuration("2s") == .seconds(2))
        #expect(EtcdClientConfig.parseGoDuration("1.5s") == .milliseconds(1500))
        #expect(EtcdClientConfig.parseGoDuration("1h2m") == .seconds(3720))
        #expect(EtcdClientConfig.parseGoDuration("3") == .seconds(3))
        #expect(EtcdClientConfig.parseGoDuration("") == nil)
        #expect(EtcdClientConfig.parseGoDuration("5x") == nil)
        #expect(EtcdClientConfig.parseGoDuration("s") == nil)
    }

    @Test func clientRejectsBadConfigUpFront() {
        #expect(throws: EtcdError.self) { try EtcdClient(config: EtcdClientConfig(endpoints: [])) }
        #expect(throws: EtcdError.self) { try EtcdClient(config: EtcdClientConfig(caCertPath: "/nonexistent/ca.crt")) }
        #expect(throws: EtcdError.self) { try EtcdClient(config: EtcdClientConfig(certPath: "/etc/hostname")) }
    }

    @Test func statusMessagesAreOneClearLine() {
        let denied = EtcdError.fromStatus(code: 7, message: "etcdserver: permission denied", endpoint: "e:1", user: "alice")
        #expect(denied.kind == .permissionDenied && denied.description == "permission denied: user alice")
        let auth = EtcdError.fromStatus(code: 3, message: "etcdserver: authentication failed, invalid user ID or password", endpoint: "e:1", user: "x")
        #expect(auth.kind == .authFailed && auth.description == "authentication failed: invalid user ID or password")
        let compacted = EtcdError.fromStatus(code: 11, message: "etcdserver: mvcc: required revision has been compacted", endpoint: "e:1", user: nil)
        #expect(compacted.kind == .compacted && compacted.description == "etcdserver: mvcc: required revision has been compacted")
        #expect(EtcdError.fromStatus(code: 16, message: "etcdserver: invalid auth token", endpoint: "e:1", user: nil).isStaleToken)
        // What the gateway answers while its server shuts down: retryable, so watches reconnect.
        #expect(EtcdError.fromStatus(code: 1, message: "grpc: the client connection is closing", endpoint: "e:1", user: nil).kind == .unavailable)
        // Refused by the client's transport before any stream opened: safe to send again, even a write.
        #expect(GRPCConnection.neverSent(RPCError(code: .unavailable, message: "subchannel isn't ready")))
        #expect(GRPCConnection.neverSent(RPCError(code: .unavailable, message: "Channel isn't ready, no subchannel available.")))
        #expect(!GRPCConnection.neverSent(RPCError(code: .unavailable, message: "subchannel isn't ready", cause: CancellationError())))
        #expect(!GRPCConnection.neverSent(RPCError(code: .unavailable, message: "etcdserver: leader changed")))
        #expect(!GRPCConnection.neverSent(EtcdError(.unavailable, "subchannel isn't ready")))
        let refused = TransportFailure.classify("connect(descriptor:addr:size:): Connection refused (errno: 111)",
                                                         endpoint: Endpoint(host: "127.0.0.1", port: 2379, tls: false))
        #expect(refused?.description == "connection refused at 127.0.0.1:2379")
    }
}
