import EngineAPI
@testable import EngineCluster
import EngineKit
import EngineStore
import EtcdModel
import Foundation
import GoJSON
import KubeCodec
import Testing

/// The `deployment` scenario (a 3-replica nginx Deployment and its Service on a fresh cluster)
/// against the write chain real clusters show (../shared/notes/cluster-writes.md §3): objects,
/// names, owner references, labels, annotations, conditions, events and managedFields managers.
/// One step of a path into a JSON value: a member name or an array index.
enum Step: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case key(String), index(Int)
    init(stringLiteral value: String) { self = .key(value) }
    init(integerLiteral value: Int) { self = .index(value) }
}

func dig(_ value: JSONValue?, _ steps: Step...) -> JSONValue? {
    var current = value
    for step in steps {
        switch step {
        case .key(let key): current = current?[key]
        case .index(let i): current = current?.elements.flatMap { i < $0.count ? $0[i] : nil }
        }
    }
    return current
}

@Suite struct DeploymentChainTests {
    struct Cluster {
        let store: EmbeddedStore
        let version: KubeVersion

        func objects(_ prefix: String) throws -> [JSONValue] {
            let decoder = KubeDecoder(options: DecodeOptions(kubeVersion: version))
            return try store.range(.prefix(Array(prefix.utf8))).kvs.map { kv in
                let json = kv.value.starts(with: Envelope.magic)
                    ? try kv.value.withUnsafeBytes { try decoder.protobufToJSON($0, pretty: false) }.json : kv.value
                return try JSONParser.parse(json)
            }
        }
    }

    static func generate(_ scenario: Scenario, _ version: KubeVersion) async throws -> Cluster {
        let clock = EngineClock()
        let store = EmbeddedStore(configuration: .init(seed: 1, clock: clock, memberName: "strata-control-plane"))
        let report = try await ClusterGenerator.generate(
            GenerateOptions(spec: ClusterSpec(kubeVersion: version, seed: 1), scenario: scenario), store: store, clock: clock)
        #expect(report.settled)
        return Cluster(store: store, version: version)
    }

    static let hashAlphabet = Set("bcdfghjklmnpqrstvwxz2456789")

    static func managers(_ o: JSONValue) -> [String] {
        (dig(o, "metadata", "managedFields")?.elements ?? []).map {
            ($0["manager"]?.stringValue ?? "") + "/" + ($0["operation"]?.stringValue ?? "")
                + ($0["subresource"]?.stringValue.map { "/" + $0 } ?? "")
        }
    }

    static func condition(_ o: JSONValue, _ type: String) -> JSONValue? {
        dig(o, "status", "conditions")?.elements?.first { $0["type"]?.stringValue == type }
    }

    @Test(arguments: ClusterSpec.supportedVersions)
    func deploymentReplicaSetPodsAndEventsAreWhatARealClusterWrites(_ version: KubeVersion) async throws {
        let cluster = try await Self.generate(.deployment, version)

        let deployment = try #require(try cluster.objects("/registry/deployments/default/nginx").first)
        #expect(dig(deployment, "metadata", "generation") == .int(1))
        #expect(dig(deployment, "metadata", "annotations", "deployment.kubernetes.io/revision")?.stringValue == "1")
        #expect(dig(deployment, "spec", "revisionHistoryLimit") == .int(10))
        #expect(dig(deployment, "spec", "progressDeadlineSeconds") == .int(600))
        #expect(dig(deployment, "spec", "strategy", "rollingUpdate", "maxSurge")?.stringValue == "25%")
        // Pod defaulting and admission touch pods only, not the template (§3.1).
        #expect(dig(deployment, "spec", "template", "spec", "enableServiceLinks") == nil)
        #expect(dig(deployment, "spec", "template", "spec", "tolerations") == nil)
        #expect(dig(deployment, "spec", "template", "spec", "containers", 0, "imagePullPolicy")?.stringValue == "IfNotPresent")
        #expect(dig(deployment, "status", "availableReplicas") == .int(3))
        #expect(dig(deployment, "status", "readyReplicas") == .int(3))
        #expect(dig(deployment, "status", "updatedReplicas") == .int(3))
        #expect(dig(deployment, "status", "observedGeneration") == .int(1))
        let available = Self.condition(deployment, "Available")
        #expect(available?["status"]?.stringValue == "True")
        #expect(available?["reason"]?.stringValue == "MinimumReplicasAvailable")
        #expect(available?["message"]?.stringValue == "Deployment has minimum availability.")
        let progressing = Self.condition(deployment, "Progressing")
        #expect(progressing?["reason"]?.stringValue == "NewReplicaSetAvailable")
        let managers = Self.managers(deployment)
        #expect(managers.contains("kube-controller-manager/Update"))
        #expect(managers.contains("kube-controller-manager/Update/status"))

        let replicaSets = try cluster.objects("/registry/replicasets/default/")
        try #require(replicaSets.count == 1)
        let rs = replicaSets[0]
        let rsName = dig(rs, "metadata", "name")?.stringValue ?? ""
        let hash = dig(rs, "metadata", "labels", "pod-template-hash")?.stringValue ?? ""
        #expect(rsName == "nginx-" + hash)
        #expect(!hash.isEmpty && hash.allSatisfy(Self.hashAlphabet.contains))
        #expect(dig(rs, "spec", "selector", "matchLabels", "pod-template-hash")?.stringValue == hash)
        #expect(dig(rs, "metadata", "annotations", "deployment.kubernetes.io/desired-replicas")?.stringValue == "3")
        #expect(dig(rs, "metadata", "annotations", "deployment.kubernetes.io/max-replicas")?.stringValue == "4")
        #expect(dig(rs, "metadata", "annotations", "deployment.kubernetes.io/revision")?.stringValue == "1")
        let rsOwner = dig(rs, "metadata", "ownerReferences", 0)
        #expect(rsOwner?["kind"]?.stringValue == "Deployment")
        #expect(rsOwner?["uid"] == dig(deployment, "metadata", "uid"))
        #expect(rsOwner?["controller"] == .bool(true) && rsOwner?["blockOwnerDeletion"] == .bool(true))
        #expect(dig(rs, "status", "readyReplicas") == .int(3))
        #expect(Set(Self.managers(rs)) == ["kube-controller-manager/Update", "kube-controller-manager/Update/status"])

        let nodes = try cluster.objects("/registry/minions/").compactMap { dig($0, "metadata", "name")?.stringValue }
        let pods = try cluster.objects("/registry/pods/default/")
        try #require(pods.count == 3)
        for pod in pods {
            let name = dig(pod, "metadata", "name")?.stringValue ?? ""
            #expect(name.hasPrefix(rsName + "-") && name.count == rsName.count + 6)
            #expect(dig(pod, "metadata", "generateName")?.stringValue == rsName + "-")
            #expect(dig(pod, "metadata", "labels", "pod-template-hash")?.stringValue == hash)
            #expect(dig(pod, "metadata", "ownerReferences", 0, "uid") == dig(rs, "metadata", "uid"))
            #expect(nodes.contains(dig(pod, "spec", "nodeName")?.stringValue ?? "-"))
            #expect(dig(pod, "status", "phase")?.stringValue == "Running")
            #expect(dig(pod, "status", "qosClass")?.stringValue == "BestEffort")
            #expect(dig(pod, "spec", "priority") == .int(0))
            #expect(dig(pod, "spec", "tolerations")?.elements?.count == 2)
            let volume = dig(pod, "spec", "volumes", 0, "name")?.stringValue ?? ""
            #expect(volume.hasPrefix("kube-api-access-") && volume.count == "kube-api-access-".count + 5)
            let types = (dig(pod, "status", "conditions")?.elements ?? []).compactMap { $0["type"]?.stringValue }
            #expect(types == ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"])
            #expect((dig(pod, "status", "conditions")?.elements ?? []).allSatisfy { $0["status"]?.stringValue == "True" })
            let container = dig(pod, "status", "containerStatuses", 0)
            #expect(container?["containerID"]?.stringValue?.hasPrefix("containerd://") == true)
            #expect(container?["imageID"]?.stringValue?.hasPrefix("docker.io/library/nginx@sha256:") == true)
            #expect(container?["ready"] == .bool(true) && container?["started"] == .bool(true))
            #expect(dig(pod, "status", "podIP") != nil && dig(pod, "status", "hostIP") != nil)
            // Two writers: the replicaset controller and the kubelet; the binding adds no entry (§3.4).
            #expect(Self.managers(pod) == ["kube-controller-manager/Update", "kubelet/Update/status"])
        }

        let events = try cluster.objects("/registry/events/default/")
        func messages(about name: String) -> [String] {
            events.filter { dig($0, "involvedObject", "name")?.stringValue == name }.compactMap { $0["reason"]?.stringValue }
        }
        #expect(messages(about: "nginx") == ["ScalingReplicaSet"])
        #expect(events.contains { $0["message"]?.stringValue == "Scaled up replica set \(rsName) from 0 to 3" })
        #expect(messages(about: rsName) == ["SuccessfulCreate", "SuccessfulCreate", "SuccessfulCreate"])
        for pod in pods {
            let name = dig(pod, "metadata", "name")?.stringValue ?? ""
            #expect(Set(messages(about: name)).isSuperset(of: ["Scheduled", "Pulled", "Created", "Started"]), "\(name)")
        }
        // Every event name is `<object>.<hex of the creation nanoseconds>`, and names are unique.
        let eventNames = events.compactMap { dig($0, "metadata", "name")?.stringValue }
        #expect(Set(eventNames).count == eventNames.count)
        #expect(eventNames.allSatisfy { name in
            guard let dot = name.lastIndex(of: ".") else { return false }
            return UInt64(name[name.index(after: dot)...], radix: 16) != nil
        })

        // The Service selects the three pods: Endpoints and an EndpointSlice list them, ready.
        let endpoints = try #require(try cluster.objects("/registry/services/endpoints/default/nginx").first)
        #expect(dig(endpoints, "subsets", 0, "addresses")?.elements?.count == 3)
        let slices = try cluster.objects("/registry/endpointslices/default/").filter {
            dig($0, "metadata", "labels", "kubernetes.io/service-name")?.stringValue == "nginx"
        }
        #expect(slices.count == 1)
        #expect(slices.first?["endpoints"]?.elements?.count == 3)
    }

    @Test func demoPodsRunOnNodesThatFitThem() async throws {
        let cluster = try await Self.generate(.demo, KubeVersion(major: 1, minor: 35))
        let nodes = try cluster.objects("/registry/minions/")
        #expect(nodes.count == 3)
        let nodeNames = Set(nodes.compactMap { dig($0, "metadata", "name")?.stringValue })
        let pods = try cluster.objects("/registry/pods/")
        #expect(pods.count > 20)
        var perNode: [String: Int] = [:]
        for pod in pods {
            let name = dig(pod, "metadata", "name")?.stringValue ?? ""
            let node = dig(pod, "spec", "nodeName")?.stringValue ?? ""
            #expect(nodeNames.contains(node), "\(name) is on \(node)")
            perNode[node, default: 0] += 1
            let phase = dig(pod, "status", "phase")?.stringValue
            let isJob = dig(pod, "metadata", "ownerReferences", 0, "kind")?.stringValue == "Job"
            #expect(phase == (isJob ? "Succeeded" : "Running"), "\(name): \(phase ?? "no phase")")
            // Pods that tolerate nothing special never land on the tainted control-plane node.
            let tolerations = dig(pod, "spec", "tolerations")?.elements ?? []
            let toleratesControlPlane = tolerations.contains {
                $0["key"]?.stringValue == "node-role.kubernetes.io/control-plane" || ($0["key"] == nil && $0["operator"]?.stringValue == "Exists")
            }
            let controlPlane = nodes.first { dig($0, "metadata", "labels", "node-role.kubernetes.io/control-plane") != nil }
            if let cp = dig(controlPlane, "metadata", "name")?.stringValue, node == cp,
               dig(pod, "metadata", "annotations", "kubernetes.io/config.mirror") == nil {
                #expect(toleratesControlPlane, "\(name) landed on the control plane without tolerating its taint")
            }
        }
        // Every node hosts some pods (the DaemonSets at least).
        #expect(perNode.keys.count == 3)
    }

    @Test func deletingTheDeploymentRemovesItsReplicaSetAndPods() async throws {
        let clock = EngineClock()
        let store = EmbeddedStore(configuration: .init(seed: 1, clock: clock, memberName: "strata-control-plane"))
        let spec = ClusterSpec(kubeVersion: KubeVersion(major: 1, minor: 35), seed: 1)
        let engine = try ClusterEngine(spec: spec, store: store, clock: clock)
        try await engine.startControlPlane()
        try await engine.apply(ControllerServiceAccounts.objects(for: spec.kubeVersion), manager: "kube-controller-manager")
        ClusterComponents.addControlPlane(to: engine)
        _ = ClusterComponents.addNodes(ClusterComponents.nodeSpecs(for: spec, workers: 1), to: engine)
        try await engine.run()
        let manifest = try JSONParser.parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
              "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}
            """)
        try await engine.apply([manifest])
        try await engine.run()
        let pods = try engine.api.resource(apiVersion: "v1", kind: "Pod")
        let replicaSets = try engine.api.resource(apiVersion: "apps/v1", kind: "ReplicaSet")
        #expect(try await engine.api.list(pods, namespace: "default").items.count == 2)
        #expect(try await engine.api.list(replicaSets, namespace: "default").items.count == 1)

        try await engine.api.delete(try engine.api.resource(apiVersion: "apps/v1", kind: "Deployment"), namespace: "default", name: "web")
        try await engine.run()
        #expect(try await engine.api.list(replicaSets, namespace: "default").items.isEmpty)
        #expect(try await engine.api.list(pods, namespace: "default").items.isEmpty)
        // The pods went through graceful deletion by their kubelet, not straight out of the store.
        let history = try store.range(.prefix(Array("/registry/pods/default/".utf8))).kvs
        #expect(history.isEmpty)
    }
}
