import EtcdModel
import Synchronization

extension EtcdClient {
    /// Streams the backend database: the raw chunks, then the 32-byte SHA-256 trailer, exactly the
    /// bytes `etcdctl snapshot save` writes. The stream throws if it is cut off before the trailer.
    public func snapshot() -> AsyncThrowingStream<[UInt8], Error> {
        let (stream, continuation) = AsyncThrowingStream<[UInt8], Error>.makeStream()
        let task = Task {
            do {
                try await self.streamSnapshot { message, _ in continuation.yield(message.blob) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Runs one snapshot stream, calling `onMessage` in order. Fails over to another endpoint only
    /// before the first chunk arrived; a stream that breaks later is an error, never a restart.
    func streamSnapshot(_ onMessage: @escaping @Sendable (SnapshotResponse, SnapshotStreamCheck.Part) async throws -> Void) async throws {
        let delivered = LockedBox(false)
        do {
            try await withFailover { index, conn in
                try await withAuth(index, conn) { token in
                    let check = LockedBox(SnapshotStreamCheck())
                    do {
                        try await conn.snapshot(token: token) { message in
                            let part = try check.withLock { try $0.observe(message) }
                            delivered.withLock { $0 = true }
                            try await onMessage(message, part)
                        }
                    } catch let e as EtcdError where delivered.withLock({ $0 }) {
                        let got = check.withLock { $0.bytes }
                        throw SnapshotBroken(error: e.withMessage("snapshot stream from \(conn.endpoint.display) broke after \(got) bytes: \(e.message)"))
                    }
                    do {
                        try check.withLock { try $0.finish(endpoint: conn.endpoint.display) }
                    } catch let e as EtcdError {
                        throw SnapshotBroken(error: e)
                    }
                }
            }
        } catch let broken as SnapshotBroken {
            throw broken.error
        }
    }
}

/// Keeps a mid-stream failure away from the failover logic, which would start over elsewhere.
struct SnapshotBroken: ClientLevelError {
    let error: EtcdError
}
