import EngineAPI
import EngineKit

/// One control-plane component (a controller, the scheduler, a kubelet). Components talk only to
/// the API server, never to the store, as Kubernetes requires. The control loop calls them one
/// at a time in a fixed order, so a run is reproducible from its seed.
public protocol Controller: AnyObject {
    var name: String { get }
    /// Called once before the first step: open watches, list what exists.
    func start(_ api: APIServer) async throws
    /// Handles queued watch events and timers that are due at the engine's current time.
    /// Returns true when it did anything (wrote, or changed its own state).
    func step(_ api: APIServer) async throws -> Bool
    /// The engine time (Unix ns) of this component's next timer, if any (a lease renewal, a
    /// container that finishes starting, a backoff).
    func nextWakeup() -> Int64?
    /// Periodic timers (lease renewals, heartbeats) keep a cluster busy forever; only
    /// non-periodic timers count as pending work when deciding whether the cluster has settled.
    func hasPendingWork() -> Bool
}

extension Controller {
    public func nextWakeup() -> Int64? { nil }
    public func hasPendingWork() -> Bool { false }
}
