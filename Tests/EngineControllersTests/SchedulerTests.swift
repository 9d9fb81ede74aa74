import EngineAdmission
import EngineAPI
import EngineControllers
import EngineKit
import EngineStore
import GoJSON
import KubeCodec
import Testing

/// A small cluster for the node-side components: API server with kube-apiserver admission,
/// the namespaces and default ServiceAccount that bootstrap and controllers would create.
struct NodeTestCluster {
    let clock: EngineClock
    let store: EmbeddedStore
    let api: APIServer

    init(seed: UInt64 = 7, kubeVersion: KubeVersion = KubeVersion(major: 1, minor: 35)) async throws {
        clock = EngineClock()
        store = EmbeddedStore(configuration: .init(seed: seed, clock: clock))
        api = try APIServer(store: store, clock: clock, seed: seed, policy: KubeAdmission(kubeVersion: kubeVersion),
                            configuration: .init(kubeVersion: kubeVersion))
        for ns in ["default", "kube-system", "kube-node-lease"] {
            try await api.create(.object(["apiVersion": .string("v1"), "kind": .string("Namespace"),
                                          "metadata": .object(["name": .string(ns)])]), manager: "kube-apiserver")
        }
        try await api.create(.object(["apiVersion": .string("v1"), "kind": .string("ServiceAccount"),
                                      "metadata": .object(["name": .string("default"), "namespace": .string("default")])]),
                             manager: "kube-controller-manager")
    }

    static func pod(_ name: String, cpu: String? = nil, nodeSelector: [String: String] = [:],
                    tolerations: [JSONValue] = [], owner: JSONValue? = nil) -> JSONValue {
        var container = JSONValue.object(["name": .string("web"), "image": .string("nginx")])
        if let cpu { container.set(.string(cpu), at: "resources", "requests", "cpu") }
        var pod = JSONValue.object([
            "apiVersion": .string("v1"), "kind": .string("Pod"),
            "metadata": .object(["name": .string(name), "namespace": .string("default")]),
            "spec": .object(["containers": .array([container])]),
        ])
        if !nodeSelector.isEmpty {
            pod.set(.object(nodeSelector.sorted { $0.key < $1.key }.map { JSONMember($0.key, .string($0.value)) }), at: "spec", "nodeSelector")
        }
        if !tolerations.isEmpty { pod.set(.array(tolerations), at: "spec", "tolerations") }
        if let owner { pod.set(.array([owner]), at: "metadata", "ownerReferences") }
        return pod
    }

    func pod(_ name: String) async throws -> JSONValue {
        try await api.get(api.resource(apiVersion: "v1", kind: "Pod"), namespace: "default", name: name)
    }

    func node(_ name: String) async throws -> JSONValue {
        try await api.get(api.resource(apiVersion: "v1", kind: "Node"), namespace: "", name: name)
    }

    func events(namespace: String = "default") async throws -> [JSONValue] {
        try await api.list(api.resource(apiVersion: "v1", kind: "Event"), namespace: namespace).items
    }

    /// Every key and value in the store, with its revisions.
    func everything() throws -> KVRangeResult {
        try store.range(KVRangeRequest(key: [0], rangeEnd: [0]))
    }
}

func conditionStatus(_ object: JSONValue, _ type: String) -> JSONValue? {
    object[path: ["status", "conditions"]]?.elements?.first { $0["type"]?.stringValue == type }
}

@Suite struct SchedulerTests {
    @Test func podIsBoundToTheOnlyFittingNodeAndRuns() async throws {
        let cluster = try await NodeTestCluster()
        let kubelets = [Kubelet(spec: NodeSpec(name: "small", cpu: "2", podCIDR: "10.244.0.0/24", internalIP: "172.18.0.2")),
                        Kubelet(spec: NodeSpec(name: "big", cpu: "8", podCIDR: "10.244.1.0/24", internalIP: "172.18.0.3"))]
        let loop = ControlLoop(api: cluster.api, controllers: [Scheduler(hostname: "cp")] + kubelets + [NodeLifecycleController()])
        try await loop.run(duration: 10)
        try await cluster.api.create(NodeTestCluster.pod("web", cpu: "3"), manager: "kubectl-create")
        try await loop.run(duration: 20)

        let pod = try await cluster.pod("web")
        #expect(pod[path: "spec", "nodeName"]?.stringValue == "big")
        #expect(pod[path: "status", "phase"]?.stringValue == "Running")
        #expect(pod[path: "status", "hostIP"]?.stringValue == "172.18.0.3")
        #expect(pod[path: "status", "hostIPs"] == .array([.object(["ip": .string("172.18.0.3")])]))
        #expect(pod[path: "status", "podIP"]?.stringValue?.hasPrefix("10.244.1.") == true)
        #expect(pod[path: "status", "qosClass"]?.stringValue == "Burstable")
        #expect(pod[path: "status", "startTime"] != nil)
        #expect(pod[path: "status", "observedGeneration"] == .int(1))
        let types = (pod[path: "status", "conditions"]?.elements ?? []).compactMap { $0["type"]?.stringValue }
        #expect(types == ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"])
        #expect((pod[path: "status", "conditions"]?.elements ?? []).allSatisfy { $0["status"]?.stringValue == "True" })
        let container = try #require(pod[path: "status", "containerStatuses"]?.elements?.first)
        let containerID = container["containerID"]?.stringValue ?? ""
        #expect(containerID.hasPrefix("containerd://") && containerID.count == "containerd://".count + 64)
        #expect(container["image"]?.stringValue == "docker.io/library/nginx:latest")
        #expect(container["imageID"]?.stringValue?.hasPrefix("docker.io/library/nginx@sha256:") == true)
        #expect(container["ready"] == .bool(true) && container["started"] == .bool(true))
        #expect(container[path: "state", "running", "startedAt"] != nil)
        #expect(container["volumeMounts"]?.elements?.first?["mountPath"]?.stringValue == "/var/run/secrets/kubernetes.io/serviceaccount")

        let events = try await cluster.events()
        let scheduled = try #require(events.first { $0["reason"]?.stringValue == "Scheduled" })
        #expect(scheduled["message"]?.stringValue == "Successfully assigned default/web to big")
        #expect(scheduled["action"]?.stringValue == "Binding")
        #expect(scheduled["reportingInstance"]?.stringValue == "default-scheduler-cp")
        let kubeletReasons = events.filter { $0[path: "involvedObject", "fieldPath"]?.stringValue == "spec.containers{web}" }
            .compactMap { $0["reason"]?.stringValue }
        #expect(Set(kubeletReasons) == ["Pulling", "Pulled", "Created", "Started"])
        let pulled = events.first { $0["reason"]?.stringValue == "Pulled" }?["message"]?.stringValue ?? ""
        #expect(pulled.hasPrefix("Successfully pulled image \"nginx\" in ") && pulled.hasSuffix(" bytes."))
        #expect(events.contains { $0["message"]?.stringValue == "Created container: web" })
    }

    @Test func podLargerThanEveryNodeStaysPendingWithTheUpstreamMessage() async throws {
        let cluster = try await NodeTestCluster()
        let loop = ControlLoop(api: cluster.api, controllers: [
            Scheduler(hostname: "cp"), Kubelet(spec: NodeSpec(name: "a")), Kubelet(spec: NodeSpec(name: "b", podCIDR: "10.244.1.0/24")),
            NodeLifecycleController(),
        ])
        try await loop.run(duration: 10)
        try await cluster.api.create(NodeTestCluster.pod("huge", cpu: "100"), manager: "kubectl-create")
        try await loop.run(duration: 5)
        let pod = try await cluster.pod("huge")
        let expected = "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."
        #expect((pod[path: "spec", "nodeName"]?.stringValue ?? "").isEmpty)
        #expect(pod[path: "status", "phase"]?.stringValue == "Pending")
        let scheduled = try #require(conditionStatus(pod, "PodScheduled"))
        #expect(scheduled["status"]?.stringValue == "False")
        #expect(scheduled["reason"]?.stringValue == "Unschedulable")
        #expect(scheduled["message"]?.stringValue == expected)
        let failed = try await cluster.events().filter { $0["reason"]?.stringValue == "FailedScheduling" }
        #expect(failed.count == 1)
        #expect(failed.first?["type"]?.stringValue == "Warning")
        #expect(failed.first?["message"]?.stringValue == expected)
    }

    @Test func taintsAndNodeSelectorsAreRespected() async throws {
        let cluster = try await NodeTestCluster()
        let gpu = NodeSpec(name: "gpu", labels: ["disk": "ssd"], taints: [.init(key: "dedicated", value: "gpu", effect: "NoSchedule")])
        let loop = ControlLoop(api: cluster.api, controllers: [
            Scheduler(hostname: "cp"), Kubelet(spec: gpu), Kubelet(spec: NodeSpec(name: "plain", podCIDR: "10.244.1.0/24")),
            NodeLifecycleController(),
        ])
        try await loop.run(duration: 10)
        let toleration = JSONValue.object(["key": .string("dedicated"), "operator": .string("Equal"), "value": .string("gpu"),
                                           "effect": .string("NoSchedule")])
        try await cluster.api.create(NodeTestCluster.pod("picky", nodeSelector: ["disk": "ssd"]), manager: "kubectl-create")
        try await cluster.api.create(NodeTestCluster.pod("tolerant", nodeSelector: ["disk": "ssd"], tolerations: [toleration]),
                                     manager: "kubectl-create")
        for i in 0..<6 {
            try await cluster.api.create(NodeTestCluster.pod("plain-\(i)"), manager: "kubectl-create")
        }
        try await loop.run(duration: 20)

        let picky = try await cluster.pod("picky")
        #expect(conditionStatus(picky, "PodScheduled")?["message"]?.stringValue
            == "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint(s). "
            + "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.")
        #expect(try await cluster.pod("tolerant")[path: "spec", "nodeName"]?.stringValue == "gpu")
        for i in 0..<6 {
            #expect(try await cluster.pod("plain-\(i)")[path: "spec", "nodeName"]?.stringValue == "plain")
        }
    }

    @Test func sameSeedGivesTheSameStore() async throws {
        func run() async throws -> KVRangeResult {
            let cluster = try await NodeTestCluster(seed: 42)
            let loop = ControlLoop(api: cluster.api, controllers: [
                LeaderElection(hostname: "cp"), Scheduler(hostname: "cp"),
                Kubelet(spec: NodeSpec(name: "n1")), Kubelet(spec: NodeSpec(name: "n2", podCIDR: "10.244.1.0/24")),
                Kubelet(spec: NodeSpec(name: "n3", podCIDR: "10.244.2.0/24")), NodeLifecycleController(),
            ])
            try await loop.run(duration: 10)
            for i in 0..<5 { try await cluster.api.create(NodeTestCluster.pod("p\(i)", cpu: "100m"), manager: "kubectl-create") }
            try await loop.run(duration: 30)
            return try cluster.everything()
        }
        let first = try await run()
        let second = try await run()
        #expect(first.kvs.count > 50)
        #expect(first == second)
    }
}
