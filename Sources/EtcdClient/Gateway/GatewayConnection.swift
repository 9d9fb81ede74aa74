import EtcdModel
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization

/// The JSON gateway on one endpoint: HTTP/1.1 POSTs to `/v3/...`, proto3-JSON bodies.
final class GatewayConnection: EtcdConnection {
    let endpoint: Endpoint
    let settings: ConnectionSettings
    private let tlsContext = Mutex<NIOSSLContext?>(nil)

    init(endpoint: Endpoint, settings: ConnectionSettings) {
        self.endpoint = endpoint
        self.settings = settings
    }

    private func tls() throws(EtcdError) -> NIOSSLContext? {
        guard endpoint.tls else { return nil }
        if let c = tlsContext.withLock({ $0 }) { return c }
        let c = try GatewayTLS.makeContext(settings)
        tlsContext.withLock { $0 = c }
        return c
    }

    private func request(_ path: String, _ body: [UInt8], token: String?) throws(EtcdError) -> HTTP1Request {
        HTTP1Request(endpoint: endpoint, tls: try tls(), connectTimeout: settings.dialTimeout,
                     path: path, body: body, token: token)
    }

    /// Turns socket/TLS failures into one line; EtcdErrors pass through.
    private func mapped(_ error: any Error) -> any Error {
        if error is any ClientLevelError { return error }
        if error is CancellationError { return EtcdError(.other, "canceled") }
        let text = String(reflecting: error)
        return TransportFailure.classify(text, endpoint: endpoint)
            ?? EtcdError(.unavailable, "etcd gateway at \(endpoint.display): \(text)")
    }

    /// An error answer: JSON `{"error","message","code"}` (3.4/3.5) or `{"code","message"}` (3.6),
    /// or plain text from the HTTP layer.
    private func errorFromBody(status: Int, _ body: [UInt8], path: String) -> EtcdError {
        if let j = try? GatewayJSONParser.parse(body), case .object = j {
            let inner = j["error"].flatMap { v -> GatewayJSON? in if case .object = v { return v } else { return nil } } ?? j
            let message = (try? inner.string("message")).flatMap { $0.isEmpty ? nil : $0 }
                ?? (try? j.string("error")) ?? ""
            let code = (inner["code"] ?? inner["grpc_code"])?.stringValue.flatMap { Int($0) } ?? 2
            return EtcdError.fromStatus(code: code, message: message, endpoint: endpoint.display, user: settings.userName)
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingSpaces
        if status == 404 { return EtcdError(.notFound, "etcd gateway at \(endpoint.display) has no \(path) (HTTP 404)") }
        return EtcdError(.other, "etcd gateway at \(endpoint.display) answered HTTP \(status): \(text)")
    }

    func unary<Request: EtcdRequestMessage, Response: EtcdResponseMessage>(
        _ method: EtcdMethod, _ request: Request, as: Response.Type, token: String?
    ) async throws -> Response {
        let http = try self.request(method.gatewayPath, request.gatewayBody, token: token)
        let timeout = settings.commandTimeout
        let (status, body): (Int, [UInt8])
        do {
            (status, body) = try await withTimeout(timeout) {
                var status = 0
                var body: [UInt8] = []
                try await http.run(onHead: { status = Int($0.status.code) },
                                   onBody: { body.append(contentsOf: $0.readableBytesView) })
                return (status, body)
            }
        } catch {
            throw mapped(error)
        }
        guard status == 200 else { throw errorFromBody(status: status, body, path: method.gatewayPath) }
        return try Response(gatewayJSON: try GatewayJSONParser.parse(body))
    }

    private func withTimeout<T: Sendable>(_ limit: Duration, _ op: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await op() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw EtcdError.timedOut(endpoint.display, after: limit)
            }
            return value
        }
    }

    /// A streaming call: newline-separated `{"result":{...}}` objects, or `{"error":{...}}`.
    private func stream<M: GatewayDecodable>(_ path: String, _ body: [UInt8], token: String?,
                                             _ onMessage: @escaping @Sendable (M) async throws -> Void) async throws {
        let http = try self.request(path, body, token: token)
        var status = 0
        var errorBody: [UInt8] = []
        var lines = LineSplitter()
        let handleLine: ([UInt8]) async throws -> Void = { line in
            let j = try GatewayJSONParser.parse(line)
            if let e = j["error"], e != .null {
                throw self.errorFromBody(status: status, line, path: path)
            }
            guard let result = j["result"] else {
                throw EtcdError(.other, "unexpected gateway stream message from \(self.endpoint.display)")
            }
            try await onMessage(try M(gatewayJSON: result))
        }
        do {
            try await http.run(
                onHead: { status = Int($0.status.code) },
                onBody: { buffer in
                    if status != 200 {
                        errorBody.append(contentsOf: buffer.readableBytesView)
                    } else {
                        try await lines.append(buffer.readableBytesView, handleLine)
                    }
                })
            if status == 200 { try await lines.finish(handleLine) }
        } catch {
            throw mapped(error)
        }
        if status != 200 { throw errorFromBody(status: status, errorBody, path: path) }
    }

    func watch(_ request: WatchCreateRequest, token: String?,
               onResponse: @escaping @Sendable (WatchResponse) async throws -> Void) async throws {
        do {
            try await stream(EtcdMethod.watch.gatewayPath, request.gatewayBody, token: token) { (m: WatchResponse) in
                try await onResponse(m)
                if m.canceled { throw WatchStreamDone() }
            }
        } catch is WatchStreamDone {
            return
        }
    }

    func firstReply<Request: EtcdRequestMessage, Response: EtcdResponseMessage>(
        _ method: EtcdMethod, _ request: Request, as: Response.Type, token: String?
    ) async throws -> Response {
        let first = LockedBox<Response?>(nil)
        let timeout = settings.commandTimeout
        do {
            try await withTimeout(timeout) {
                do {
                    try await self.stream(method.gatewayPath, request.gatewayBody, token: token) { (m: Response) in
                        first.withLock { $0 = m }
                        throw WatchStreamDone()  // one answer is all that is wanted; the stream stays open otherwise
                    }
                } catch is WatchStreamDone {}
            }
        } catch {
            throw mapped(error)
        }
        guard let reply = first.withLock({ $0 }) else {
            throw EtcdError(.unavailable, "etcd gateway at \(endpoint.display) closed the stream without answering")
        }
        return reply
    }

    func snapshot(token: String?, onMessage: @escaping @Sendable (SnapshotResponse) async throws -> Void) async throws {
        try await stream(EtcdMethod.snapshot.gatewayPath, EmptyRequest().gatewayBody, token: token, onMessage)
    }

    func close() async {}

    func beginClose() {}
}

/// Ends a gateway watch stream after the server canceled the watch (the HTTP stream stays open).
struct WatchStreamDone: ClientLevelError {}
