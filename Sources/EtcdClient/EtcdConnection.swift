import EtcdModel

/// A request the client can send over either transport.
protocol EtcdRequestMessage: WireMessage, GatewayEncodable {}
/// A response the client can read from either transport.
protocol EtcdResponseMessage: WireMessage, GatewayDecodable {}

/// One transport bound to one endpoint. Implementations throw only `EtcdError`, already worded
/// for the user; the client above does failover and authentication.
protocol EtcdConnection: Sendable {
    var endpoint: Endpoint { get }

    func unary<Request: EtcdRequestMessage, Response: EtcdResponseMessage>(
        _ method: EtcdMethod, _ request: Request, as: Response.Type, token: String?
    ) async throws -> Response

    /// Runs one watch until the server cancels it, the stream drops (throws), or `onResponse` throws.
    func watch(_ request: WatchCreateRequest, token: String?,
               onResponse: @escaping @Sendable (WatchResponse) async throws -> Void) async throws

    /// Streams the snapshot messages in order; throws if the stream breaks.
    func snapshot(token: String?, onMessage: @escaping @Sendable (SnapshotResponse) async throws -> Void) async throws

    /// One request and its first answer on a bidirectional stream (LeaseKeepAlive).
    func firstReply<Request: EtcdRequestMessage, Response: EtcdResponseMessage>(
        _ method: EtcdMethod, _ request: Request, as: Response.Type, token: String?
    ) async throws -> Response

    func close() async

    /// Starts closing without waiting (for `deinit`, which cannot await).
    func beginClose()
}
