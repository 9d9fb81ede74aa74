import EngineAPI
import EngineKit
import GoJSON
import KubeResources

/// The leader-election Leases of kube-controller-manager and kube-scheduler on a single
/// control-plane node: each acquires its lease once, announces it with a LeaderElection event,
/// and renews it every retry period (2 s), which makes them the busiest keys of an idle cluster.
public final class LeaderElection: Controller {
    public let name = "leader-election"
    public let hostname: String
    public static let leaseDurationSeconds: Int64 = 15
    public static let retryPeriodSeconds: Int64 = 2

    private struct Candidate {
        var lease: String
        var manager: String
        var recorder: EventRecorder
        var identity = ""
        var acquired = false
    }
    private var candidates: [Candidate]
    private var nextRenewal: Int64?

    public init(hostname: String) {
        self.hostname = hostname
        candidates = [
            Candidate(lease: "kube-controller-manager", manager: "kube-controller-manager",
                      recorder: EventRecorder(component: "kube-controller-manager", manager: "kube-controller-manager")),
            Candidate(lease: "kube-scheduler", manager: "kube-scheduler",
                      recorder: EventRecorder(component: "default-scheduler", manager: "kube-scheduler")),
        ]
    }

    /// `<hostname>_<uuid>` of each lease's holder (after start).
    public var identities: [String: String] {
        Dictionary(uniqueKeysWithValues: candidates.map { ($0.lease, $0.identity) })
    }

    public func start(_ api: APIServer) async throws {
        for i in candidates.indices { candidates[i].identity = hostname + "_" + api.withRandom { $0.uuid() } }
        nextRenewal = api.clock.unixNanoseconds
    }

    public func nextWakeup() -> Int64? { nextRenewal }

    public func hasPendingWork() -> Bool { candidates.contains { !$0.acquired } }

    public func step(_ api: APIServer) async throws -> Bool {
        guard let due = nextRenewal, due <= api.clock.unixNanoseconds else { return false }
        let leases = try api.resource(apiVersion: "coordination.k8s.io/v1", kind: "Lease")
        for i in candidates.indices {
            if candidates[i].acquired {
                try await renew(candidates[i], leases, api)
            } else {
                try await acquire(&candidates[i], leases, api)
            }
        }
        nextRenewal = api.clock.unixNanoseconds + Self.retryPeriodSeconds * 1_000_000_000
        return true
    }

    private func acquire(_ candidate: inout Candidate, _ leases: ResourceInfo, _ api: APIServer) async throws {
        let now = api.clock.microTimestamp()
        let lease = JSONValue.object([
            "apiVersion": .string("coordination.k8s.io/v1"), "kind": .string("Lease"),
            "metadata": .object(["name": .string(candidate.lease), "namespace": .string("kube-system")]),
            "spec": .object([
                "holderIdentity": .string(candidate.identity),
                "leaseDurationSeconds": .int(Self.leaseDurationSeconds),
                "acquireTime": .string(now), "renewTime": .string(now), "leaseTransitions": .int(0),
            ]),
        ])
        let stored: JSONValue
        do {
            stored = try await api.create(lease, manager: candidate.manager)
        } catch { if !(error.code == 409) { throw error }
            // A lease left by an earlier holder: take it over (one more transition).
            var existing = try await api.get(leases, namespace: "kube-system", name: candidate.lease)
            let transitions = (existing[path: ["spec", "leaseTransitions"]]?.intValue ?? 0)
                + (existing[path: ["spec", "holderIdentity"]]?.stringValue == candidate.identity ? 0 : 1)
            existing.set(.string(candidate.identity), at: "spec", "holderIdentity")
            existing.set(.int(Self.leaseDurationSeconds), at: "spec", "leaseDurationSeconds")
            existing.set(.string(now), at: "spec", "acquireTime")
            existing.set(.string(now), at: "spec", "renewTime")
            existing.set(.int(transitions), at: "spec", "leaseTransitions")
            existing.remove(at: "metadata", "resourceVersion")
            stored = try await api.update(existing, manager: candidate.manager)
        }
        candidate.acquired = true
        try await candidate.recorder.recordAvoidingNameClash(api, about: stored, reason: "LeaderElection",
                                                             message: "\(candidate.identity) became leader")
    }

    private func renew(_ candidate: Candidate, _ leases: ResourceInfo, _ api: APIServer) async throws {
        _ = try await api.patch(leases, namespace: "kube-system", name: candidate.lease,
                                mergePatch: .object(["spec": .object(["renewTime": .string(api.clock.microTimestamp())])]),
                                manager: candidate.manager)
    }
}
