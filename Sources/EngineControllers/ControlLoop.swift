import EngineAPI
import EngineKit

/// Drives components until the cluster settles: step every component in order while any does
/// work; when none does, move the engine clock to the earliest pending timer. Settled means no
/// component did work and none has a non-periodic timer left. With `duration`, the loop then
/// keeps running periodic timers (lease renewals, heartbeats) until that much engine time has
/// passed since the start.
public final class ControlLoop {
    public let api: APIServer
    public private(set) var controllers: [any Controller]
    private var started = false

    public struct Stats: Sendable {
        public var steps = 0
        public var rounds = 0
        public var settled = false
        public var engineSeconds: Double = 0
    }

    public init(api: APIServer, controllers: [any Controller]) {
        self.api = api
        self.controllers = controllers
    }

    /// Adds a component (e.g. a kubelet for a node that joins later); it starts at the next run.
    public func add(_ controller: any Controller) {
        controllers.append(controller)
        if started { pendingStart.append(controller) }
    }

    private var pendingStart: [any Controller] = []

    /// Runs until settled, or until `maxRounds` rounds, then (with `duration`) runs periodic
    /// work until `duration` seconds of engine time have passed since the call.
    @discardableResult
    public func run(duration: Double? = nil, maxRounds: Int = 1_000_000) async throws -> Stats {
        let clock = api.clock
        let startTime = clock.unixNanoseconds
        let deadline = duration.map { startTime + Int64($0 * 1e9) }
        var stats = Stats()
        if !started {
            started = true
            for c in controllers { try await c.start(api) }
        }
        while stats.rounds < maxRounds {
            for c in pendingStart { try await c.start(api) }
            pendingStart.removeAll()
            stats.rounds += 1
            var didWork = false
            for c in controllers where try await c.step(api) {
                didWork = true
                stats.steps += 1
            }
            if didWork { continue }
            let pending = controllers.contains { $0.hasPendingWork() }
            if !pending {
                stats.settled = true
                guard let deadline, clock.unixNanoseconds < deadline else { break }
            }
            guard let next = controllers.compactMap({ $0.nextWakeup() }).min() else { break }
            if let deadline, next > deadline, !pending {
                clock.advance(to: deadline)
                break
            }
            clock.advance(to: next)
        }
        stats.engineSeconds = Double(clock.unixNanoseconds - startTime) / 1e9
        return stats
    }
}
