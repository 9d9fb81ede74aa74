import EtcdModel
import Synchronization

/// An etcd v3 client over gRPC or the JSON gateway. Creating it does not connect; the first call
/// does. Calls fail over to the next endpoint when one is unreachable, authenticate with the
/// configured user (again once when the token has expired), and throw `EtcdError`.
public final class EtcdClient: Sendable {
    public let config: EtcdClientConfig
    let endpoints: [Endpoint]
    let settings: ConnectionSettings
    let state = Mutex(State())

    struct State {
        var current = 0
        var connections: [Int: any EtcdConnection] = [:]
        /// Simple tokens live in one member's memory, so each endpoint gets its own.
        var tokens: [Int: String] = [:]
        var closed = false
    }

    public init(config: EtcdClientConfig) throws {
        guard !config.endpoints.isEmpty else { throw EtcdError(.invalidArgument, "no etcd endpoints given") }
        var parsed: [Endpoint] = []
        for e in config.endpoints { parsed.append(try Endpoint.parse(e, defaultTLS: config.wantsTLS)) }
        for (flag, path) in [("--cacert", config.caCertPath), ("--cert", config.certPath), ("--key", config.keyPath)] {
            if let path, !FileSystem.isReadableFile(path) {
                throw EtcdError(.tls, "cannot read \(flag) file \(path)")
            }
        }
        if (config.certPath == nil) != (config.keyPath == nil) {
            throw EtcdError(.invalidArgument, "--cert and --key must be given together")
        }
        self.config = config
        self.endpoints = parsed
        self.settings = ConnectionSettings(config)
    }

    /// "etcd at 127.0.0.1:2379" (the endpoint in use), for messages.
    public var endpointDescription: String {
        let i = state.withLock { $0.current }
        return endpoints[i].display
    }

    // MARK: - KV

    public func range(_ r: RangeRequest) async throws -> RangeResponse {
        try await call(.range, r, as: RangeResponse.self)
    }

    public func put(_ r: PutRequest) async throws -> PutResponse {
        try await call(.put, r, as: PutResponse.self)
    }

    public func deleteRange(_ r: DeleteRangeRequest) async throws -> DeleteRangeResponse {
        try await call(.deleteRange, r, as: DeleteRangeResponse.self)
    }

    public func txn(_ r: TxnRequest) async throws -> TxnResponse {
        try await call(.txn, r, as: TxnResponse.self)
    }

    public func compact(revision: Int64, physical: Bool) async throws {
        _ = try await call(.compact, CompactionRequest(revision: revision, physical: physical), as: HeaderOnlyResponse.self)
    }

    // MARK: - maintenance, lease

    public func status() async throws -> StatusResponse {
        try await call(.status, EmptyRequest(), as: StatusResponse.self)
    }

    /// gRPC only: etcd 3.4/3.5's gateway routes `/v3/maintenance/hash` to Hash (a hash of the
    /// whole backend), so HashKV cannot be reached through it.
    public func hashKV(revision: Int64) async throws -> HashKVResponse {
        guard config.transport == .grpc else {
            throw EtcdError(.invalidArgument,
                "HashKV is not available through the JSON gateway (etcd maps /v3/maintenance/hash to Hash); use the gRPC transport")
        }
        return try await call(.hashKV, HashKVRequest(revision: revision), as: HashKVResponse.self)
    }

    public func leaseGrant(ttl: Int64) async throws -> LeaseGrantResponse {
        try await call(.leaseGrant, LeaseGrantRequest(ttl: ttl), as: LeaseGrantResponse.self)
    }

    public func leaseRevoke(id: Int64) async throws {
        _ = try await call(.leaseRevoke, LeaseIDRequest(id: id), as: HeaderOnlyResponse.self)
    }

    /// Renews a lease once (what `etcdctl lease keep-alive --once` does). A returned `ttl` of 0
    /// or less means the lease is gone.
    public func leaseKeepAliveOnce(id: Int64) async throws -> LeaseKeepAliveResponse {
        try await withFailover { index, conn in
            try await withAuth(index, conn) { token in
                try await conn.firstReply(.leaseKeepAlive, LeaseIDRequest(id: id), as: LeaseKeepAliveResponse.self, token: token)
            }
        }
    }

    public func leaseTimeToLive(id: Int64, keys: Bool = false) async throws -> LeaseTimeToLiveResponse {
        try await call(.leaseTimeToLive, LeaseIDRequest(id: id, keys: keys), as: LeaseTimeToLiveResponse.self)
    }

    // MARK: - plumbing

    func connection(at index: Int) throws -> any EtcdConnection {
        try state.withLock { s in
            if s.closed { throw EtcdError(.other, "client is closed") }
            if let c = s.connections[index] { return c }
            let e = endpoints[index]
            let c: any EtcdConnection = switch config.transport {
            case .grpc: GRPCConnection(endpoint: e, settings: settings)
            case .http: GatewayConnection(endpoint: e, settings: settings)
            }
            s.connections[index] = c
            return c
        }
    }

    /// Runs `body` against the current endpoint; on a connection-level failure moves on to the
    /// next endpoint, trying each once. Other errors are returned as they are.
    func withFailover<T>(_ body: (Int, any EtcdConnection) async throws -> T) async throws -> T {
        let start = state.withLock { $0.current }
        var lastError: EtcdError?
        for step in 0..<endpoints.count {
            let index = (start + step) % endpoints.count
            do {
                let result = try await body(index, try connection(at: index))
                if step > 0 { state.withLock { $0.current = index } }
                return result
            } catch let e as EtcdError where e.kind == .unavailable || e.kind == .timeout && endpoints.count > 1 {
                lastError = e
            }
        }
        throw lastError ?? EtcdError(.unavailable, "no etcd endpoint reachable")
    }

    /// The token for endpoint `index`, authenticating first when needed; nil without credentials.
    func token(at index: Int, _ conn: any EtcdConnection, refresh: Bool) async throws -> String? {
        guard let creds = config.credentials else { return nil }
        if !refresh, let t = state.withLock({ $0.tokens[index] }) { return t }
        let response = try await conn.unary(
            .authenticate, AuthenticateRequest(name: creds.name, password: creds.password),
            as: AuthenticateResponse.self, token: nil)
        state.withLock { $0.tokens[index] = response.token }
        return response.token
    }

    /// Authenticated call with one retry on a stale token.
    func withAuth<T>(_ index: Int, _ conn: any EtcdConnection, _ body: (String?) async throws -> T) async throws -> T {
        let t = try await token(at: index, conn, refresh: false)
        do {
            return try await body(t)
        } catch let e as EtcdError where e.isStaleToken && config.credentials != nil {
            return try await body(try await token(at: index, conn, refresh: true))
        }
    }

    func call<Request: EtcdRequestMessage, Response: EtcdResponseMessage>(
        _ method: EtcdMethod, _ request: Request, as: Response.Type
    ) async throws -> Response {
        try await withFailover { index, conn in
            try await withAuth(index, conn) { token in
                try await conn.unary(method, request, as: Response.self, token: token)
            }
        }
    }

    /// A client dropped without `close()` still lets its connections go; `close()` is better
    /// because it waits until they are closed.
    deinit {
        let all = state.withLock { Array($0.connections.values) }
        for c in all { c.beginClose() }
    }

    public func close() async {
        let all: [any EtcdConnection] = state.withLock { s in
            s.closed = true
            let all = Array(s.connections.values)
            s.connections = [:]
            return all
        }
        for c in all { await c.close() }
    }
}

extension EtcdClient {
    /// Test hooks for the re-authentication path (a server-side token expiry takes 5 minutes).
    func replaceTokenForTesting(index: Int, with token: String) {
        state.withLock { $0.tokens[index] = token }
    }

    func tokenForTesting(index: Int) -> String? {
        state.withLock { $0.tokens[index] }
    }
}
