import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One HTTP/1.1 POST on a fresh connection (`Connection: close`), written directly on NIO.
/// A connection per request keeps the code free of pooling state; on loopback or a LAN the
/// connect cost is far below etcd's own request latency.
struct HTTP1Request {
    let endpoint: Endpoint
    let tls: NIOSSLContext?
    let connectTimeout: Duration
    let path: String
    let body: [UInt8]
    let token: String?

    typealias Channel = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>

    /// Sends the request; calls `onHead` once and `onBody` for each body part, in order.
    func run(onHead: (HTTPResponseHead) throws -> Void, onBody: (ByteBuffer) async throws -> Void) async throws {
        let tls = self.tls
        let sniHost: String? = endpoint.isIPv4Literal || endpoint.isIPv6Literal ? nil : endpoint.host
        let channel: Channel
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.nanoseconds(Int64(connectTimeout.components.seconds) * 1_000_000_000
                                             + connectTimeout.components.attoseconds / 1_000_000_000))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: endpoint.host, port: endpoint.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls {
                            try channel.pipeline.syncOperations.addHandler(
                                try NIOSSLClientHandler(context: tls, serverHostname: sniHost))
                        }
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        return try Channel(wrappingChannelSynchronously: channel)
                    }
                }
        }
        try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
            head.headers.add(name: "Host", value: endpoint.display)
            head.headers.add(name: "Content-Type", value: "application/json")
            head.headers.add(name: "Content-Length", value: String(body.count))
            head.headers.add(name: "Connection", value: "close")
            // The gateway forwards a raw token in Authorization (no "Bearer" scheme) to gRPC.
            if let token { head.headers.add(name: "Authorization", value: token) }
            // One write for the whole request: etcd answers as soon as the body is complete and
            // then closes (Connection: close), so a separate `.end` write could find the channel
            // already closed. A failed write is reported only if no answer arrives.
            var writeError: (any Error)?
            do {
                try await outbound.write(contentsOf: [.head(head), .body(.byteBuffer(ByteBuffer(bytes: body))), .end(nil)])
            } catch {
                writeError = error
            }
            var sawHead = false
            for try await part in inbound {
                switch part {
                case .head(let h):
                    sawHead = true
                    try onHead(h)
                case .body(let b):
                    try await onBody(b)
                case .end:
                    return
                }
            }
            if let writeError, !sawHead { throw writeError }
            throw EtcdError(.unavailable, sawHead
                ? "connection to etcd at \(endpoint.display) was closed in the middle of a response"
                : "etcd at \(endpoint.display) closed the connection without answering")
        }
    }
}
