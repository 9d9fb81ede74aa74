import EtcdModel
import Synchronization

extension EtcdClient {
    /// Watches a key or range. The stream yields the "created" response first, then event
    /// batches. When the connection drops it reconnects (to the next endpoint if needed) and
    /// resumes from the revision after the last one delivered, for up to `reconnectFor` of
    /// failed attempts. It ends with an error when the server cancels the watch (compaction,
    /// permissions), and stops when the consumer stops iterating.
    public func watch(_ r: WatchCreateRequest, reconnectFor: Duration = .seconds(60)) -> AsyncThrowingStream<WatchResponse, Error> {
        let (stream, continuation) = AsyncThrowingStream<WatchResponse, Error>.makeStream()
        let task = Task { await self.runWatch(r, reconnectFor: reconnectFor, continuation) }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func runWatch(_ r: WatchCreateRequest, reconnectFor: Duration,
                          _ out: AsyncThrowingStream<WatchResponse, Error>.Continuation) async {
        let resume = LockedBox(WatchResume(r, user: settings.userName, endpoint: endpoints[state.withLock { $0.current }].display))
        let clock = ContinuousClock()
        var failingSince: ContinuousClock.Instant?
        var backoff = Duration.milliseconds(50)
        let progressed = LockedBox(false)
        while !Task.isCancelled {
            do {
                try await withFailover { index, conn in
                    try await withAuth(index, conn) { token in
                        let request = resume.withLock { $0.nextRequest }
                        try await conn.watch(request, token: token) { response in
                            progressed.withLock { $0 = true }
                            let decision = resume.withLock { $0.observe(response) }
                            switch decision {
                            case .deliver: out.yield(response)
                            case .skip: break
                            case .fail(let e): throw WatchEnded(error: e)
                            }
                        }
                    }
                }
                // The server closed the stream without an error: reconnect like after a drop,
                // after a pause so a server that keeps doing this is not hammered.
                failingSince = nil
                try? await Task.sleep(for: .milliseconds(100))
            } catch let ended as WatchEnded {
                out.finish(throwing: ended.error)
                return
            } catch let e as EtcdError where e.kind == .unavailable || e.kind == .timeout {
                if progressed.withLock({ let p = $0; $0 = false; return p }) {
                    // The last attempt worked for a while: this is a new outage, not the same one.
                    failingSince = nil
                    backoff = .milliseconds(50)
                }
                let now = clock.now
                let since = failingSince ?? now
                failingSince = since
                if now - since >= reconnectFor {
                    out.finish(throwing: e.withMessage("\(e.message) (watch gave up reconnecting after \(EtcdError.formatDuration(reconnectFor)))"))
                    return
                }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(2))
                continue
            } catch {
                out.finish(throwing: error)
                return
            }
            backoff = .milliseconds(50)
        }
        out.finish()
    }
}

/// Carries a terminal watch error past the failover logic, which would otherwise retry it.
struct WatchEnded: ClientLevelError {
    let error: EtcdError
}
