import GRPCCore

/// Turns grpc-swift's errors (which wrap NIO and BoringSSL errors several levels deep) into one
/// line that says what went wrong in terms a user can act on.
enum GRPCErrorMapping {
    static func map(_ error: any Error, endpoint: Endpoint, user: String?, timeout: Duration?) -> EtcdError {
        if let e = error as? EtcdError { return e }
        if error is CancellationError { return EtcdError(.other, "canceled") }
        guard let rpc = error as? RPCError else {
            return classifyTransport(String(reflecting: error), endpoint: endpoint)
                ?? EtcdError(.other, "etcd at \(endpoint.display): \(error)")
        }
        let chain = describeChain(rpc)
        switch rpc.code {
        case .deadlineExceeded:
            if let timeout { return EtcdError.timedOut(endpoint.display, after: timeout) }
            return EtcdError(.timeout, "deadline exceeded at \(endpoint.display)")
        case .unavailable, .unknown, .internalError:
            // Status codes sent by etcd itself carry an "etcdserver:"-style message and no cause.
            if rpc.cause == nil, rpc.code != .unavailable || rpc.message.contains("etcdserver") {
                return EtcdError.fromStatus(code: rpc.code.rawValue, message: rpc.message, endpoint: endpoint.display, user: user)
            }
            if let e = classifyTransport(chain, endpoint: endpoint) { return e }
            return EtcdError(.unavailable, "etcd at \(endpoint.display) is unavailable: \(rpc.message)")
        case .resourceExhausted:
            return EtcdError(.invalidArgument, "message too large for etcd at \(endpoint.display): \(rpc.message)")
        default:
            return EtcdError.fromStatus(code: rpc.code.rawValue, message: rpc.message, endpoint: endpoint.display, user: user)
        }
    }

    static func describeChain(_ error: RPCError) -> String {
        var parts = [error.message]
        var cause: (any Error)? = error.cause
        var depth = 0
        while let c = cause, depth < 8 {
            parts.append(String(reflecting: c))
            if let r = c as? RPCError { parts.append(r.message); cause = r.cause } else { cause = nil }
            depth += 1
        }
        return parts.joined(separator: " | ")
    }

    /// Recognises socket and TLS failures from their descriptions; shared with the gateway transport.
    static func classifyTransport(_ text: String, endpoint: Endpoint) -> EtcdError? {
        let t = text.lowercased()
        if t.contains("connection refused") || t.contains("connectionrefused") || t.contains("errno: 111") || t.contains("econnrefused") {
            return .connectionRefused(endpoint.display)
        }
        if t.contains("certificate_verify_failed") || t.contains("unable to get local issuer")
            || t.contains("self signed certificate") || t.contains("self-signed certificate") {
            return EtcdError(.tls, "certificate signed by unknown authority (etcd at \(endpoint.display); pass --cacert)")
        }
        if t.contains("failedtovalidatehostname") || t.contains("hostname") && t.contains("valid") {
            return EtcdError(.tls, "TLS certificate of etcd at \(endpoint.display) is not valid for host \(endpoint.host)")
        }
        if t.contains("certificate_required") || t.contains("bad_certificate") || t.contains("handshake_failure")
            || t.contains("tlsv13_alert_certificate_required") || t.contains("sslv3_alert") {
            return EtcdError(.tls, "etcd at \(endpoint.display) rejected the TLS handshake: a valid client certificate is required (pass --cert and --key)")
        }
        if t.contains("wrong_version_number") || t.contains("packet_length_too_long") || t.contains("http_request") {
            return EtcdError(.tls, "TLS handshake with \(endpoint.display) failed: the server does not speak TLS (use http://)")
        }
        if t.contains("failedtoloadprivatekey") || t.contains("failedtoloadcertificate") || t.contains("no such file") {
            return EtcdError(.tls, "cannot load TLS files: \(text)")
        }
        if t.contains("handshakefailed") || t.contains("ssl") && t.contains("error") {
            return EtcdError(.tls, "TLS handshake with \(endpoint.display) failed: \(text)")
        }
        if t.contains("timed out") || t.contains("connecttimeout") {
            return EtcdError(.timeout, "timed out connecting to \(endpoint.display)")
        }
        if t.contains("connection reset") || t.contains("unexpectedly closed") || t.contains("eof")
            || t.contains("unexpected time") || t.contains("broken pipe") {
            return EtcdError(.unavailable, "connection to etcd at \(endpoint.display) was closed")
        }
        return nil
    }
}
