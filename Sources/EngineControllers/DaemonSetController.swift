import EngineAPI
import EngineKit
import GoJSON
import KubeResources

/// The daemonset controller: one pod per node the DaemonSet should run on (nodeSelector and
/// taints against the pod's tolerations), pinned with the node-name affinity and the tolerations
/// the controller adds, a ControllerRevision `<ds>-<hash>`, rolling replacement within
/// maxUnavailable, and the status counts.
final class DaemonSetController: WorkloadQueueController {
    private let recorder = WorkloadEventRecorder(component: "daemonset-controller")
    private var daemonSets: [WorkloadKey] = []
    private var daemonSetObjects: [WorkloadKey: JSONValue] = [:]
    /// Per DaemonSet, whether it should run on each node, as of the last sync or node event.
    private var decisions: [WorkloadKey: [String: Bool]] = [:]
    /// The node names as last listed, with the informer's key list they came from.
    private var nodeKeys: [String] = []
    private var nodes = NodeList(names: [])

    /// The node names in key order, and each one's place: a sync looks names up once per pod,
    /// then works on arrays in node order (a 1,000-node sync runs on every daemon pod change).
    struct NodeList {
        let names: [String]
        let index: [String: Int]

        init(names: [String]) {
            self.names = names
            index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }
    /// Per DaemonSet, the template hash and the placement version it was computed for.
    private var revisionHashes: [WorkloadKey: (version: String, collisionCount: Int64?, hash: String)] = [:]

    init() { super.init(name: "daemonset-controller") }

    override var watchedKinds: [(String, String)] { [("apps/v1", "DaemonSet"), ("v1", "Pod"), ("v1", "Node")] }

    override func initialKeys(api: APIServer) async throws -> [WorkloadKey] {
        let objects = try await api.workloadList("apps/v1", "DaemonSet")
        daemonSets = objects.map(WorkloadObject.key)
        for ds in objects { daemonSetObjects[WorkloadObject.key(ds)] = ds }
        return daemonSets
    }

    override func keys(for event: APIWatchEvent, api: APIServer) -> [WorkloadKey] {
        switch event.resource.kind {
        case "DaemonSet":
            let key = WorkloadObject.key(event.object)
            daemonSets.removeAll { $0 == key }
            if daemonSetObjects[key].map(Self.placementVersion) != Self.placementVersion(event.object) { decisions[key] = nil }
            if event.kind == .deleted {
                decisions[key] = nil
                daemonSetObjects[key] = nil
                return []
            }
            daemonSets.append(key)
            daemonSetObjects[key] = event.object
            return [key]
        case "Node":
            // As upstream's updateNode: only DaemonSets whose placement on this node changes
            // (or that had it, when it goes) need a sync.
            let nodeName = WorkloadObject.name(event.object)
            var affected: [WorkloadKey] = []
            for key in daemonSets {
                guard let ds = daemonSetObjects[key] else { affected.append(key); continue }
                let before = decisions[key]?[nodeName]
                let now: Bool? = event.kind == .deleted ? nil : Placement(ds).shouldRun(on: event.object)
                decisions[key, default: [:]][nodeName] = now
                if before != now { affected.append(key) }
            }
            return affected
        default:
            for ref in event.object[path: ["metadata", "ownerReferences"]]?.elements ?? []
            where ref["controller"]?.boolValue == true && ref["kind"]?.stringValue == "DaemonSet" {
                return [WorkloadKey(namespace: WorkloadObject.namespace(event.object), name: ref["name"]?.stringValue ?? "")]
            }
            return []
        }
    }

    /// The tolerations AddOrUpdateDaemonPodTolerations adds, in its order.
    static func daemonTolerations(hostNetwork: Bool) -> [JSONValue] {
        var list: [(String, String)] = [
            ("node.kubernetes.io/not-ready", "NoExecute"),
            ("node.kubernetes.io/unreachable", "NoExecute"),
            ("node.kubernetes.io/disk-pressure", "NoSchedule"),
            ("node.kubernetes.io/memory-pressure", "NoSchedule"),
            ("node.kubernetes.io/pid-pressure", "NoSchedule"),
            ("node.kubernetes.io/unschedulable", "NoSchedule"),
        ]
        if hostNetwork { list.append(("node.kubernetes.io/network-unavailable", "NoSchedule")) }
        return list.map { .object([JSONMember("key", .string($0.0)), JSONMember("operator", .string("Exists")), JSONMember("effect", .string($0.1))]) }
    }

    static func tolerates(_ tolerations: [JSONValue], _ taint: JSONValue) -> Bool {
        tolerations.contains { t in
            let effect = t["effect"]?.stringValue ?? ""
            if !effect.isEmpty && effect != taint["effect"]?.stringValue { return false }
            let key = t["key"]?.stringValue ?? ""
            let op = t["operator"]?.stringValue ?? "Equal"
            if key.isEmpty { return op == "Exists" }
            guard key == taint["key"]?.stringValue else { return false }
            return op == "Exists" || (t["value"]?.stringValue ?? "") == (taint["value"]?.stringValue ?? "")
        }
    }

    /// The pod spec the controller creates for `node`.
    static func podSpec(_ ds: JSONValue, node: String) -> JSONValue {
        var spec = ds[path: ["spec", "template", "spec"]] ?? .emptyObject
        var tolerations = spec["tolerations"]?.elements ?? []
        for t in daemonTolerations(hostNetwork: spec["hostNetwork"]?.boolValue == true)
        where !tolerations.contains(where: { $0["key"] == t["key"] && $0["effect"] == t["effect"] }) {
            tolerations.append(t)
        }
        spec.set(.array(tolerations), at: "tolerations")
        let term = JSONValue.object([JSONMember("matchFields", .array([.object([
            JSONMember("key", .string("metadata.name")),
            JSONMember("operator", .string("In")),
            JSONMember("values", .array([.string(node)])),
        ])]))])
        spec.set(.object([JSONMember("nodeSelectorTerms", .array([term]))]),
                 at: "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution")
        return spec
    }

    /// What decides where a DaemonSet's pods go (its pod spec's node selector and tolerations,
    /// with the ones the controller adds), read once per sync rather than once per node.
    struct Placement {
        let nodeSelector: [JSONMember]
        let tolerations: [JSONValue]

        init(_ ds: JSONValue) {
            let spec = DaemonSetController.podSpec(ds, node: "")
            nodeSelector = spec["nodeSelector"]?.members ?? []
            tolerations = spec["tolerations"]?.elements ?? []
        }

        func shouldRun(on node: JSONValue) -> Bool {
            if !nodeSelector.isEmpty {
                let labels = node[path: ["metadata", "labels"]]
                for m in nodeSelector where labels?[m.key]?.stringValue != m.value.stringValue { return false }
            }
            for taint in node[path: ["spec", "taints"]]?.elements ?? [] {
                let effect = taint["effect"]?.stringValue ?? ""
                guard effect == "NoSchedule" || effect == "NoExecute" else { continue }
                if !DaemonSetController.tolerates(tolerations, taint) { return false }
            }
            return true
        }
    }

    /// Placement depends on the spec only, which bumps the generation; the uid tells a
    /// re-created DaemonSet apart. (Without generation tracking, any write counts.)
    static func placementVersion(_ ds: JSONValue) -> String {
        guard let generation = WorkloadObject.int(ds, "metadata", "generation") else {
            return WorkloadObject.uid(ds) + "@" + WorkloadObject.resourceVersion(ds)
        }
        return WorkloadObject.uid(ds) + "/" + String(generation)
    }

    private func ensureRevision(_ ds: JSONValue, api: APIServer) async throws -> (hash: String, wrote: Bool) {
        // The template only changes with the generation: hash it once per spec.
        let key = WorkloadObject.key(ds)
        let version = Self.placementVersion(ds)
        let collisionCount = ds[path: ["status", "collisionCount"]]?.intValue
        let hash: String
        if let cached = revisionHashes[key], cached.version == version, cached.collisionCount == collisionCount {
            hash = cached.hash
        } else {
            hash = PodTemplateHash.templateHash(ds[path: ["spec", "template"]] ?? .emptyObject, collisionCount: collisionCount)
            revisionHashes[key] = (version, collisionCount, hash)
        }
        let namespace = WorkloadObject.namespace(ds)
        let name = WorkloadObject.name(ds) + "-" + hash
        if try await api.workloadGet("apps/v1", "ControllerRevision", WorkloadKey(namespace: namespace, name: name)) != nil { return (hash, false) }
        let uid = WorkloadObject.uid(ds)
        let existing = try await api.workloadList("apps/v1", "ControllerRevision", namespace: namespace)
            .filter { WorkloadObject.controllerUID($0) == uid }
        var labels = WorkloadObject.labels(ds, at: ["spec", "template", "metadata", "labels"])
        labels["controller-revision-hash"] = hash
        var meta: [JSONMember] = [
            JSONMember("name", .string(name)),
            JSONMember("namespace", .string(namespace)),
            JSONMember("labels", WorkloadObject.labelsValue(labels)),
        ]
        if let annotations = ds[path: ["metadata", "annotations"]], annotations != .null { meta.append(JSONMember("annotations", annotations)) }
        meta.append(JSONMember("ownerReferences", .array([WorkloadObject.controllerReference(to: ds)])))
        _ = try await api.create(.object([
            JSONMember("apiVersion", .string("apps/v1")),
            JSONMember("kind", .string("ControllerRevision")),
            JSONMember("metadata", .object(meta)),
            JSONMember("data", StatefulSetController.revisionData(ds)),
            JSONMember("revision", .int((existing.compactMap { $0["revision"]?.intValue }.max() ?? 0) + 1)),
        ]), manager: WorkloadControllers.manager)
        return (hash, true)
    }

    override func reconcile(_ key: WorkloadKey, api: APIServer) async throws -> Bool {
        guard let ds = try await api.workloadGet("apps/v1", "DaemonSet", key), !WorkloadObject.isDeleting(ds) else { return false }
        let (hash, createdRevision) = try await ensureRevision(ds, api: api)
        var wrote = createdRevision
        let nodes = try await currentNodes(api)
        let nodeNames = nodes.names
        let podsByNode = try await activePodsByNode(ds, nodes: nodes, api: api)
        let podResource = try api.resource(apiVersion: "v1", kind: "Pod")
        let generation = WorkloadObject.int(ds, "metadata", "generation") ?? 1
        let maxUnavailable = WorkloadIntOrPercent.scaled(ds[path: ["spec", "updateStrategy", "rollingUpdate", "maxUnavailable"]],
                                                         total: Int64(nodeNames.count), roundUp: true)
        // Placement per node, reused from node events while neither the DaemonSet's spec nor the
        // node changed (status writes leave it alone).
        if daemonSetObjects[key].map(Self.placementVersion) != Self.placementVersion(ds) {
            decisions[key] = nil
        }
        daemonSetObjects[key] = ds
        let placement = Placement(ds)
        var runs = decisions[key] ?? [:]
        var known = nodeNames.map { runs[$0] }
        if known.contains(nil) {
            let nodes = try await api.workloadList("v1", "Node")
            for node in nodes {
                let name = WorkloadObject.name(node)
                if runs[name] == nil { runs[name] = placement.shouldRun(on: node) }
            }
            known = nodeNames.map { runs[$0] }
        }
        if runs.count > nodeNames.count {
            let live = Set(nodeNames)
            runs = runs.filter { live.contains($0.key) }
        }
        decisions[key] = runs
        let shouldRun = known.map { $0 == true }
        var unavailable = 0
        for node in nodeNames.indices where shouldRun[node] {
            if !podsByNode[node].contains(where: \.ready) { unavailable += 1 }
        }
        var podsChanged = false
        for (node, nodeName) in nodeNames.enumerated() {
            let pods = podsByNode[node]
            if shouldRun[node] {
                if pods.isEmpty {
                    var pod = WorkloadPod.fromTemplate(ds[path: ["spec", "template"]] ?? .emptyObject, owner: ds,
                                                       generateName: key.name + "-",
                                                       extraLabels: [("controller-revision-hash", hash),
                                                                     ("pod-template-generation", String(generation))])
                    pod.set(Self.podSpec(ds, node: nodeName), at: "spec")
                    let created = try await api.create(pod, manager: WorkloadControllers.manager)
                    await recorder.record(api, about: ds, reason: "SuccessfulCreate", message: "Created pod: \(WorkloadObject.name(created))")
                    wrote = true
                    podsChanged = true
                } else {
                    // Extra pods on one node go, and one of an old revision is replaced
                    // while the unavailable budget allows.
                    var surplus = pods.dropFirst().map(\.pod)
                    if let first = pods.first, first.facts.label("controller-revision-hash") != hash,
                       (ds[path: ["spec", "updateStrategy", "type"]]?.stringValue ?? "RollingUpdate") == "RollingUpdate" {
                        let isUnavailable = !first.ready
                        if isUnavailable || unavailable < Int(max(1, maxUnavailable)) {
                            surplus.append(first.pod)
                            if !isUnavailable { unavailable += 1 }
                        }
                    }
                    for pod in surplus { try await delete(pod, ds: ds, resource: podResource, api: api); wrote = true; podsChanged = true }
                }
            } else {
                for pod in pods { try await delete(pod.pod, ds: ds, resource: podResource, api: api); wrote = true; podsChanged = true }
            }
        }
        // Status counts the pods as they are after this sync's creations and deletions.
        let current = podsChanged ? try await activePodsByNode(ds, nodes: nodes, api: api) : podsByNode
        return try await syncStatus(ds, shouldRun: shouldRun, hash: hash, podsByNode: current, api: api) || wrote
    }

    /// A daemon pod with the facts a sync consults several times.
    struct DaemonPod {
        let pod: JSONValue
        let facts: PodFacts
        var ready: Bool { facts.ready }
    }

    /// The DaemonSet's active pods by the node they are for, in `nodes` order (pods for a node
    /// not in the list are left out, as a sync never looks at them).
    private func activePodsByNode(_ ds: JSONValue, nodes: NodeList, api: APIServer) async throws -> [[DaemonPod]] {
        let namespace = WorkloadObject.namespace(ds)
        var podsByNode = [[DaemonPod]](repeating: [], count: nodes.names.count)
        for (pod, facts) in try await api.workloadOwnedPods(controllerUID: WorkloadObject.uid(ds)) {
            guard facts.namespace == namespace, facts.isActive, let node = nodes.index[facts.targetNode ?? ""] else { continue }
            podsByNode[node].append(DaemonPod(pod: pod, facts: facts))
        }
        return podsByNode
    }

    /// Every node in key order, listed again only when a node came or went.
    private func currentNodes(_ api: APIServer) async throws -> NodeList {
        let keys = try await api.cachedKeys(try api.resource(apiVersion: "v1", kind: "Node"))
        if keys != nodeKeys {
            nodeKeys = keys
            nodes = NodeList(names: keys.map { String($0.drop { $0 != "/" }.dropFirst()) })
        }
        return nodes
    }

    private func delete(_ pod: JSONValue, ds: JSONValue, resource: ResourceInfo, api: APIServer) async throws {
        _ = try? await api.delete(resource, namespace: WorkloadObject.namespace(pod), name: WorkloadObject.name(pod),
                                  options: DeleteOptions(preconditionUID: WorkloadObject.uid(pod)), manager: WorkloadControllers.manager)
        await recorder.record(api, about: ds, reason: "SuccessfulDelete", message: "Deleted pod: \(WorkloadObject.name(pod))")
    }

    /// DaemonSetStatus in field order.
    private func syncStatus(_ ds: JSONValue, shouldRun: [Bool], hash: String,
                            podsByNode: [[DaemonPod]], api: APIServer) async throws -> Bool {
        let minReady = WorkloadObject.int(ds, "spec", "minReadySeconds") ?? 0
        let now = api.clock.unixNanoseconds
        var desired = 0, current = 0, misscheduled = 0, ready = 0, updated = 0, available = 0
        for (node, pods) in podsByNode.enumerated() {
            if shouldRun[node] {
                desired += 1
                guard let first = pods.first else { continue }
                current += 1
                if first.ready {
                    ready += 1
                    if first.facts.isAvailable(minReadySeconds: minReady, now: now) { available += 1 }
                }
                if first.facts.label("controller-revision-hash") == hash { updated += 1 }
            } else if !pods.isEmpty {
                misscheduled += 1
            }
        }
        var members: [JSONMember] = [
            JSONMember("currentNumberScheduled", .int(current)),
            JSONMember("numberMisscheduled", .int(misscheduled)),
            JSONMember("desiredNumberScheduled", .int(desired)),
            JSONMember("numberReady", .int(ready)),
            JSONMember("observedGeneration", .int(WorkloadObject.int(ds, "metadata", "generation") ?? 0)),
            JSONMember("updatedNumberScheduled", .int(updated)),
            JSONMember("numberAvailable", .int(available)),
            JSONMember("numberUnavailable", .int(desired - available)),
        ]
        if let collisions = ds[path: ["status", "collisionCount"]] { members.append(JSONMember("collisionCount", collisions)) }
        return try await api.workloadUpdateStatus(ds, status: .object(members))
    }
}
