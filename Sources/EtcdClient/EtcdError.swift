/// Every failure the client reports: one line a user can act on, plus a kind for callers that
/// branch (retry on `.unavailable`, re-list on `.compacted`).
public struct EtcdError: Error, CustomStringConvertible, Sendable, Equatable, ClientLevelError {
    public enum Kind: String, Sendable {
        case unavailable, compacted, permissionDenied, authFailed, tls, timeout, invalidArgument, notFound, other
    }

    public let kind: Kind
    public let message: String
    /// For `.compacted` from a watch: the server's compaction revision (the oldest one left).
    public var compactRevision: Int64 = 0

    public init(_ kind: Kind, _ message: String, compactRevision: Int64 = 0) {
        self.kind = kind
        self.message = message
        self.compactRevision = compactRevision
    }

    public var description: String { message }

    static func connectionRefused(_ endpoint: String) -> EtcdError {
        EtcdError(.unavailable, "connection refused at \(endpoint)")
    }

    static func timedOut(_ endpoint: String, after: Duration) -> EtcdError {
        EtcdError(.timeout, "timed out after \(formatDuration(after)) waiting for \(endpoint)")
    }

    static func formatDuration(_ d: Duration) -> String {
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        return ms % 1000 == 0 ? "\(ms / 1000)s" : "\(ms)ms"
    }

    /// Maps a status from etcd (gRPC code + message, the same pair the gateway returns in JSON)
    /// to a clear error. `user` names the authenticated user in permission errors.
    static func fromStatus(code: Int, message: String, endpoint: String, user: String?) -> EtcdError {
        let m = message
        if m.contains("required revision has been compacted") { return EtcdError(.compacted, m) }
        if m.contains("permission denied") {
            return EtcdError(.permissionDenied, user.map { "permission denied: user \($0)" }
                ?? "permission denied: no user given and etcd at \(endpoint) has auth enabled (pass --user)")
        }
        if m.contains("invalid user ID or password") {
            return EtcdError(.authFailed, "authentication failed: invalid user ID or password")
        }
        if m.contains("user name is empty") {
            return EtcdError(.authFailed, "authentication required: etcd at \(endpoint) has auth enabled (pass --user)")
        }
        if m.contains("invalid auth token") || m.contains("auth token is expired") {
            return EtcdError(.authFailed, "authentication failed: \(m)")
        }
        if m.contains("authentication is not enabled") { return EtcdError(.authFailed, m) }
        // The HTTP gateway's own gRPC connection closes while etcd shuts down (grpc-go's
        // ErrClientConnClosing, code Canceled): for the client the server is going away, and
        // a retry or a watch reconnect is the right answer.
        if m.contains("the client connection is closing") || m.contains("transport is closing") {
            return EtcdError(.unavailable, "etcd at \(endpoint) is shutting down: \(m)")
        }
        switch code {
        case 4: return timedOut(endpoint, after: .zero).withMessage("deadline exceeded at \(endpoint): \(m)")
        case 5: return EtcdError(.notFound, m)
        case 7: return EtcdError(.permissionDenied, user.map { "permission denied: user \($0)" } ?? m)
        case 3, 9, 11: return EtcdError(.invalidArgument, m)
        case 14: return EtcdError(.unavailable, m.isEmpty ? "etcd at \(endpoint) is unavailable" : "etcd at \(endpoint) is unavailable: \(m)")
        case 16: return EtcdError(.authFailed, "authentication failed: \(m)")
        default: return EtcdError(.other, m.isEmpty ? "etcd error code \(code)" : m)
        }
    }

    func withMessage(_ m: String) -> EtcdError { EtcdError(kind, m) }

    /// The server said the token is no longer valid: authenticate again and retry once.
    var isStaleToken: Bool {
        kind == .authFailed && (message.contains("invalid auth token") || message.contains("auth token is expired"))
    }
}

/// Errors already meaningful to the client layer; transports pass them through unchanged
/// instead of treating them as connection failures.
protocol ClientLevelError: Error {}
