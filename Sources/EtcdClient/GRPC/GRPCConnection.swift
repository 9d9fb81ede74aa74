import EtcdModel
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization

/// gRPC to one endpoint. Unary calls share an HTTP/2 connection that is replaced once its calls
/// have spent `ConnectionBudget.perConnection`: etcd's server (grpc-go) sends a BDP PING for each
/// request and for each round trip of request data it receives, and swift-nio-http2 tears the
/// connection down (GOAWAY ENHANCE_YOUR_CALM) after 200 such control frames in 30 s. A call costs
/// by its size (`ConnectionBudget.cost`), so a run of large puts rotates sooner than small ones,
/// and no write is left in doubt by a dropped connection.
/// Watches and snapshots get a connection of their own so the rotation never touches them.
final class GRPCConnection: EtcdConnection {
    typealias Client = GRPCClient<HTTP2ClientTransport.Posix>

    let endpoint: Endpoint
    let settings: ConnectionSettings
    private let pool = Mutex(Pool())
    /// Whether the endpoint answered a TCP connect since the last connection failure.
    private let reachable = Mutex(false)

    private struct Pool {
        var current: RunningClient?
        var spent = 0
        var closed = false
        var retired: [RunningClient] = []
    }

    /// A client with its connection task, and a count of the calls using it: a replaced client
    /// is shut down only when its last call has finished (graceful shutdown alone would refuse
    /// calls that picked it but had not started yet).
    final class RunningClient: Sendable {
        let client: Client
        let task: Task<Void, Never>
        private let usage = Mutex(Usage())

        private struct Usage {
            var inFlight = 0
            var retired = false
            var shutDown = false

            mutating func shouldShutDown() -> Bool {
                guard retired, inFlight == 0, !shutDown else { return false }
                shutDown = true
                return true
            }
        }

        init(_ client: Client) {
            self.client = client
            self.task = Task { try? await client.runConnections() }
        }

        func begin() { usage.withLock { $0.inFlight += 1 } }

        func end() {
            if usage.withLock({ u in u.inFlight -= 1; return u.shouldShutDown() }) { client.beginGracefulShutdown() }
        }

        func retire() {
            if usage.withLock({ u in u.retired = true; return u.shouldShutDown() }) { client.beginGracefulShutdown() }
        }

        func shutdown() async {
            client.beginGracefulShutdown()
            await task.value
        }
    }

    init(endpoint: Endpoint, settings: ConnectionSettings) {
        self.endpoint = endpoint
        self.settings = settings
    }

    func makeClient() throws -> RunningClient {
        var config = HTTP2ClientTransport.Posix.Config.defaults
        config.backoff = .init(initial: .milliseconds(20), max: .seconds(1), multiplier: 1.6, jitter: 0.2)
        let transport = try HTTP2ClientTransport.Posix(
            target: target, transportSecurity: security, config: config)
        return RunningClient(GRPCClient(transport: transport))
    }

    private var target: any ResolvableTarget {
        if endpoint.isIPv4Literal { return .ipv4(address: endpoint.host, port: endpoint.port) }
        if endpoint.isIPv6Literal { return .ipv6(address: endpoint.host, port: endpoint.port) }
        return .dns(host: endpoint.host, port: endpoint.port)
    }

    private var security: HTTP2ClientTransport.Posix.TransportSecurity {
        guard endpoint.tls else { return .plaintext }
        // Explicit PEM: NIOSSL would guess DER from a ".key" extension, and kubeadm's keys are PEM.
        let tls = HTTP2ClientTransport.Posix.TransportSecurity.TLS(
            certificateChain: settings.certPath.map { [.file(path: $0, format: .pem)] } ?? [],
            privateKey: settings.keyPath.map { .file(path: $0, format: .pem) },
            serverCertificateVerification: settings.insecureSkipTLSVerify ? .noVerification : .fullVerification,
            trustRoots: settings.caCertPath.map { .certificates([.file(path: $0, format: .pem)]) } ?? .systemDefault)
        return .tls(tls)
    }

    /// The shared client for unary calls, replaced when a call of `cost` would take it over its
    /// budget. The caller must call `end()` on the result when its call is over.
    private func acquire(cost: Int) throws -> RunningClient {
        let (client, retired): (RunningClient, RunningClient?) = try pool.withLock { p in
            if p.closed { throw EtcdError(.other, "client is closed") }
            if let c = p.current, p.spent + cost <= ConnectionBudget.perConnection {
                p.spent += cost
                c.begin()
                return (c, nil)
            }
            // A fresh connection takes any one call, however large.
            let fresh = try makeClient()
            fresh.begin()
            let old = p.current
            p.current = fresh
            p.spent = cost
            if let old {
                p.retired.append(old)
                // Old connections close themselves once idle; only the newest few are awaited in close().
                if p.retired.count > 8 { p.retired.removeFirst() }
            }
            return (fresh, old)
        }
        retired?.retire()
        return client
    }

    private func metadata(_ token: String?) -> Metadata {
        var md = Metadata()
        if let token { md.addString(token, forKey: "token") }
        return md
    }

    private func options(timeout: Duration?) -> CallOptions {
        var o = CallOptions.defaults
        o.timeout = timeout
        o.waitForReady = false  // a refused connection fails the call at once instead of waiting
        o.compression = CompressionAlgorithm.none  // etcd 3.4 rejects gzip requests
        // Both limits: grpc-swift-nio-transport takes the client's inbound limit from the request option.
        o.maxRequestMessageBytes = Int(Int32.max)
        o.maxResponseMessageBytes = Int(Int32.max)
        return o
    }

    private func descriptor(_ m: EtcdMethod, _ type: MethodDescriptor.RPCType) -> MethodDescriptor {
        MethodDescriptor(fullyQualifiedService: m.service, method: m.method, type: type)
    }

    private func mapped(_ error: any Error, timeout: Duration?) -> any Error {
        if error is any ClientLevelError { return error }
        return GRPCErrorMapping.map(error, endpoint: endpoint, user: settings.userName, timeout: timeout)
    }

    func unary<Request: EtcdRequestMessage, Response: EtcdResponseMessage>(
        _ method: EtcdMethod, _ request: Request, as: Response.Type, token: String?
    ) async throws -> Response {
        // A failed dial is final for this endpoint (failover moves on); it is not retried.
        try await probeIfNeeded()
        do {
            return try await unaryResending(method, request, as: Response.self, token: token)
        } catch let e as EtcdError where method.idempotent && e.kind == .unavailable && !e.message.hasPrefix("connection refused") {
            // A connection that died under a read (server restart, GOAWAY): one retry on a fresh
            // connection. Writes are not retried here: the first attempt may have been applied.
            try await probeIfNeeded()
            return try await unaryResending(method, request, as: Response.self, token: token)
        }
    }

    /// One call, sent again once if the transport refused it before opening a stream (the
    /// connection was still handshaking or being rotated out): nothing reached etcd then, so
    /// even a write is safe to send again.
    private func unaryResending<Request: EtcdRequestMessage, Response: EtcdResponseMessage>(
        _ method: EtcdMethod, _ request: Request, as: Response.Type, token: String?
    ) async throws -> Response {
        do {
            return try await unaryOnce(method, request, as: Response.self, token: token)
        } catch is NotSent {
            try await Task.sleep(for: .milliseconds(50))
            do {
                return try await unaryOnce(method, request, as: Response.self, token: token)
            } catch let again as NotSent {
                throw again.error
            }
        }
    }

    /// Enforces the dial timeout before the first call, and again after a connection failure.
    private func probeIfNeeded() async throws {
        if reachable.withLock({ $0 }) { return }
        try await TCPProbe.check(endpoint, timeout: settings.dialTimeout)
        reachable.withLock { $0 = true }
    }

    private func unaryOnce<Request: EtcdRequestMessage, Response: EtcdResponseMessage>(
        _ method: EtcdMethod, _ request: Request, as: Response.Type, token: String?
    ) async throws -> Response {
        let timeout = settings.commandTimeout
        let body = SerializedMessage(request)
        do {
            let running = try acquire(cost: ConnectionBudget.cost(requestBytes: body.bytes.count))
            defer { running.end() }
            return try await running.client.unary(
                request: ClientRequest(message: body, metadata: metadata(token)),
                descriptor: descriptor(method, .unary),
                serializer: SerializedMessageSerializer(),
                deserializer: WireMessageDeserializer<Response>(),
                options: options(timeout: timeout)
            ) { try $0.message }
        } catch {
            let e = mapped(error, timeout: timeout)
            if Self.neverSent(error), let etcd = e as? EtcdError { throw NotSent(error: etcd) }
            if let etcd = e as? EtcdError, etcd.kind == .unavailable { reachable.withLock { $0 = false } }
            throw e
        }
    }

    /// A call refused by the client's own transport before a stream was opened: no byte of it
    /// reached the server.
    static func neverSent(_ error: any Error) -> Bool {
        guard let rpc = error as? RPCError, rpc.code == .unavailable, rpc.cause == nil else { return false }
        return rpc.message == "subchannel isn't ready" || rpc.message.hasPrefix("Channel isn't ready")
    }

    /// `neverSent` errors, carried to the one retry in `unary`.
    struct NotSent: Error {
        let error: EtcdError
    }

    /// Runs `body` on a connection of its own, closed afterwards.
    private func withDedicatedClient<T: Sendable>(_ body: (Client) async throws -> T) async throws -> T {
        try await TCPProbe.check(endpoint, timeout: settings.dialTimeout)
        let running = try makeClient()
        do {
            let result = try await body(running.client)
            await running.shutdown()
            return result
        } catch {
            await running.shutdown()
            throw error
        }
    }

    func watch(_ request: WatchCreateRequest, token: String?,
               onResponse: @escaping @Sendable (WatchResponse) async throws -> Void) async throws {
        let o = options(timeout: nil)
        let (done, finish) = AsyncStream<Void>.makeStream()
        let streamRequest = StreamingClientRequest<WatchRequest>(metadata: metadata(token)) { writer in
            try await writer.write(.create(request))
            // Keep the request side open for as long as responses are read.
            for await _ in done {}
        }
        do {
            try await withDedicatedClient { client in
                try await client.bidirectionalStreaming(
                    request: streamRequest,
                    descriptor: descriptor(.watch, .bidirectionalStreaming),
                    serializer: WireMessageSerializer<WatchRequest>(),
                    deserializer: WireMessageDeserializer<WatchResponse>(),
                    options: o
                ) { response in
                    defer { finish.finish() }
                    for try await message in response.messages {
                        try await onResponse(message)
                        if message.canceled { return }
                    }
                }
            }
        } catch {
            finish.finish()
            throw mapped(error, timeout: nil)
        }
    }

    func firstReply<Request: EtcdRequestMessage, Response: EtcdResponseMessage>(
        _ method: EtcdMethod, _ request: Request, as: Response.Type, token: String?
    ) async throws -> Response {
        try await probeIfNeeded()
        let timeout = settings.commandTimeout
        let body = SerializedMessage(request)
        do {
            let running = try acquire(cost: ConnectionBudget.cost(requestBytes: body.bytes.count))
            defer { running.end() }
            let reply = try await running.client.bidirectionalStreaming(
                request: StreamingClientRequest<SerializedMessage>(metadata: metadata(token)) { writer in try await writer.write(body) },
                descriptor: descriptor(method, .bidirectionalStreaming),
                serializer: SerializedMessageSerializer(),
                deserializer: WireMessageDeserializer<Response>(),
                options: options(timeout: timeout)
            ) { response -> Response? in
                for try await message in response.messages { return message }
                return nil
            }
            guard let reply else { throw EtcdError(.unavailable, "etcd at \(endpoint.display) closed the stream without answering") }
            return reply
        } catch {
            throw mapped(error, timeout: timeout)
        }
    }

    func snapshot(token: String?, onMessage: @escaping @Sendable (SnapshotResponse) async throws -> Void) async throws {
        let o = options(timeout: nil)
        do {
            try await withDedicatedClient { client in
                try await client.serverStreaming(
                    request: ClientRequest(message: EmptyRequest(), metadata: metadata(token)),
                    descriptor: descriptor(.snapshot, .serverStreaming),
                    serializer: WireMessageSerializer<EmptyRequest>(),
                    deserializer: WireMessageDeserializer<SnapshotResponse>(),
                    options: o
                ) { response in
                    for try await message in response.messages { try await onMessage(message) }
                }
            }
        } catch {
            throw mapped(error, timeout: nil)
        }
    }

    func beginClose() {
        let all: [RunningClient] = pool.withLock { p in
            p.closed = true
            return p.retired + (p.current.map { [$0] } ?? [])
        }
        for c in all { c.client.beginGracefulShutdown() }
    }

    func close() async {
        let all: [RunningClient] = pool.withLock { p in
            p.closed = true
            var all = p.retired
            if let c = p.current { all.append(c) }
            p.current = nil
            p.retired = []
            return all
        }
        for c in all { await c.shutdown() }
    }
}
