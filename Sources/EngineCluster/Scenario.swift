import EngineAPI
import EngineKit
import EngineStore
import GoJSON
import EngineControllers
import GoYAML

/// The clusters `strata cluster generate` builds.
public enum Scenario: String, CaseIterable, Sendable {
    /// A kubeadm single-node cluster just after `kubeadm init`, settled.
    case fresh
    /// `fresh` plus a worker node, a 3-replica nginx Deployment and its Service.
    case deployment
    /// 3 nodes, several namespaces, Deployments, a StatefulSet, a DaemonSet, a Job, ConfigMaps,
    /// Secrets, a rolling update and a deleted pod.
    case demo
    /// `--nodes N --pods M`: Deployments of 30 replicas spread over N nodes.
    case scale
}

public struct GenerateOptions: Sendable {
    public var spec: ClusterSpec
    public var scenario: Scenario
    /// Nodes besides the control plane (scale: all nodes).
    public var nodes: Int
    public var pods: Int
    /// User manifests applied after the scenario's own objects.
    public var apply: [JSONValue]
    /// Engine seconds to keep running after the cluster settles (lease renewals, compaction).
    public var duration: Double?

    public init(spec: ClusterSpec = ClusterSpec(), scenario: Scenario = .fresh, nodes: Int = 0, pods: Int = 0,
                apply: [JSONValue] = [], duration: Double? = nil) {
        self.spec = spec
        self.scenario = scenario
        self.nodes = nodes
        self.pods = pods
        self.apply = apply
        self.duration = duration
    }
}

public struct GenerateReport: Sendable {
    public var revision: Int64
    public var keys: Int
    public var engineSeconds: Double
    public var settled: Bool
}

/// Builds a scenario's cluster into a store.
public enum ClusterGenerator {
    public static func generate(_ options: GenerateOptions, store: any KVStore, clock: EngineClock) async throws -> GenerateReport {
        let (report, engine) = try await run(options, store: store, clock: clock)
        // Freeing the engine's objects takes seconds at scale and the result does not wait on it.
        BackgroundRelease.release(engine)
        return report
    }

    static func run(_ options: GenerateOptions, store: any KVStore, clock: EngineClock) async throws -> (GenerateReport, ClusterEngine) {
        let engine = try ClusterEngine(spec: options.spec, store: store, clock: clock)
        try await engine.startControlPlane()
        clock.advance(seconds: 5)
        // kube-controller-manager and kube-scheduler start; with --use-service-account-credentials
        // the controller manager creates one ServiceAccount per controller first.
        try await engine.apply(ControllerServiceAccounts.objects(for: options.spec.kubeVersion), manager: "kube-controller-manager")
        ClusterComponents.addControlPlane(to: engine)
        let nodes: [NodeSpec]
        switch options.scenario {
        case .scale:
            nodes = ClusterComponents.nodeSpecs(for: options.spec, workers: max(options.nodes - 1, 0))
        case .demo:
            nodes = ClusterComponents.nodeSpecs(for: options.spec, workers: max(options.nodes, 2))
        case .deployment:
            // kubeadm taints its control-plane node: the workload needs a worker to run on.
            nodes = ClusterComponents.nodeSpecs(for: options.spec, workers: max(options.nodes, 1))
        case .fresh:
            nodes = ClusterComponents.nodeSpecs(for: options.spec, workers: options.nodes)
        }
        _ = ClusterComponents.addNodes(nodes, to: engine)
        try await engine.run()
        try await engine.createMirrorPods()
        try await engine.run()
        try await engine.applyKubeadmObjects()
        try await engine.run()
        for phase in try ScenarioManifests.phases(options) {
            try await engine.apply(phase.create)
            for change in phase.changes { try await change(engine) }
            try await engine.run()
        }
        if !options.apply.isEmpty {
            try await engine.apply(options.apply)
        }
        let stats = try await engine.run(duration: options.duration)
        let revision = try await store.currentRevision()
        let keys = try await store.range(KVRangeRequest(key: [0], rangeEnd: [0], countOnly: true)).count
        return (GenerateReport(revision: revision, keys: Int(keys), engineSeconds: Double(clock.unixNanoseconds - EngineClock.defaultStart) / 1e9,
                               settled: stats.settled), engine)
    }
}
