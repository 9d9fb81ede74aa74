import NIOCore
import NIOPosix

/// A bare TCP connect with the dial timeout. grpc-swift has no connect timeout of its own, so an
/// endpoint that drops SYNs would otherwise hold a call for the whole command timeout before
/// failover could move on.
enum TCPProbe {
    static func check(_ endpoint: Endpoint, timeout: Duration) async throws(EtcdError) {
        let nanos = Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.nanoseconds(nanos))
                .connect(host: endpoint.host, port: endpoint.port).get()
            try? await channel.close()
        } catch {
            let text = String(reflecting: error)
            if text.lowercased().contains("timeout") {
                throw EtcdError(.timeout, "timed out after \(EtcdError.formatDuration(timeout)) connecting to \(endpoint.display)")
            }
            throw TransportFailure.classify(text, endpoint: endpoint)
                ?? EtcdError(.unavailable, "cannot connect to etcd at \(endpoint.display): \(text)")
        }
    }
}
