import GRPCCore

/// Turns grpc-swift's errors (which wrap NIO and BoringSSL errors several levels deep) into one
/// line that says what went wrong in terms a user can act on.
enum GRPCErrorMapping {
    static func map(_ error: any Error, endpoint: Endpoint, user: String?, timeout: Duration?) -> EtcdError {
        if let e = error as? EtcdError { return e }
        if error is CancellationError { return EtcdError(.other, "canceled") }
        guard let rpc = error as? RPCError else {
            return TransportFailure.classify(String(reflecting: error), endpoint: endpoint)
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
            if let e = TransportFailure.classify(chain, endpoint: endpoint) { return e }
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
}
