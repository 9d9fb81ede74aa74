import EngineAPI
import EngineKit
import GoJSON
import KubeResources

/// kube-scheduler's default profile for pods without volumes or inter-pod affinity: filter,
/// score, pick one of the best nodes at random, bind, and record the outcome. Pods that fit
/// nowhere get PodScheduled=False (Unschedulable) and a FailedScheduling event, and are
/// retried when a node is added or changes.
public final class Scheduler: Controller {
    public let name = "kube-scheduler"
    public static let manager = "kube-scheduler"
    public static let schedulerName = "default-scheduler"

    private let recorder: EventRecorder
    private var podWatch: APIWatch?
    private var nodeWatch: APIWatch?
    private var podResource: ResourceInfo?
    /// Every pod the cache knows, by namespace/name (bound ones count against their node).
    private var pods: [String: JSONValue] = [:]
    /// The cache's nodes in name order (the order filters visit them), with the running totals
    /// of the pods bound to them; filtering reads them in place, without copying one per node.
    private var nodes: [SchedulingNode] = []
    /// Position in `nodes` by name.
    private var nodeIndex: [String: Int] = [:]
    /// What each bound, unfinished pod adds to its node.
    private var assigned: [String: Assignment] = [:]
    /// Where the next filtering pass starts (upstream rotates it so all nodes get examined).
    private var nextStartNodeIndex = 0

    private struct Assignment {
        var node: String
        var request: SchedulingResources
        var nonZeroRequest: SchedulingResources
    }
    /// Pods waiting for a scheduling attempt, in arrival order.
    private var activeQueue: [String] = []
    /// The keys in `activeQueue`, so that a burst of pod events does not search the queue.
    private var queued = Set<String>()
    /// Pods that fit nowhere, with the message of their last failure; retried on node changes.
    private var unschedulable: [String: String] = [:]

    public init(hostname: String) {
        recorder = EventRecorder(component: Self.schedulerName, manager: Self.manager,
                                 reportingInstance: "\(Self.schedulerName)-\(hostname)")
    }

    public func start(_ api: APIServer) async throws {
        let podResource = try api.resource(apiVersion: "v1", kind: "Pod")
        let nodeResource = try api.resource(apiVersion: "v1", kind: "Node")
        self.podResource = podResource
        podWatch = api.watch(podResource)
        nodeWatch = api.watch(nodeResource)
        for node in try await api.list(nodeResource).items { observeNode(node) }
        for pod in try await api.list(podResource).items { observe(pod) }
    }

    public func hasPendingWork() -> Bool { !activeQueue.isEmpty }

    public func step(_ api: APIServer) async throws -> Bool {
        var nodesChanged = false
        for event in nodeWatch?.drain() ?? [] {
            if event.kind == .deleted {
                removeNode(event.object[path: ["metadata", "name"]]?.stringValue ?? "")
            } else {
                observeNode(event.object)
            }
            nodesChanged = true
        }
        for event in podWatch?.drain() ?? [] {
            if event.kind == .deleted {
                let key = Self.key(event.object)
                pods[key] = nil
                account(key, nil)
                unschedulable[key] = nil
                if queued.remove(key) != nil { activeQueue.removeAll { $0 == key } }
                // A pod leaving frees room on its node.
                if !(event.object[path: ["spec", "nodeName"]]?.stringValue ?? "").isEmpty { nodesChanged = true }
            } else {
                observe(event.object)
            }
        }
        if nodesChanged, !unschedulable.isEmpty {
            for key in unschedulable.keys.sorted() where queued.insert(key).inserted { activeQueue.append(key) }
        }
        guard !activeQueue.isEmpty else { return nodesChanged }
        let queue = activeQueue
        activeQueue.removeAll()
        queued.removeAll(keepingCapacity: true)
        for key in queue {
            guard let pod = pods[key], needsScheduling(pod) else { continue }
            try await scheduleOne(pod, key: key, api)
        }
        return true
    }

    private static func key(_ object: JSONValue) -> String {
        (object[path: ["metadata", "namespace"]]?.stringValue ?? "") + "/" + (object[path: ["metadata", "name"]]?.stringValue ?? "")
    }

    private func observeNode(_ node: JSONValue) {
        let name = node[path: ["metadata", "name"]]?.stringValue ?? ""
        if let i = nodeIndex[name] {
            nodes[i] = nodes[i].updated(node)
        } else {
            // Pods may be bound before their node is in the cache (static and mirror pods).
            var entry = SchedulingNode(node: node)
            for assignment in assigned.values where assignment.node == name {
                entry.requested = entry.requested + assignment.request
                entry.nonZeroRequested = entry.nonZeroRequested + assignment.nonZeroRequest
                entry.podCount += 1
            }
            var position = nodes.count
            while position > 0, nodes[position - 1].name > name { position -= 1 }
            nodes.insert(entry, at: position)
            reindexNodes()
        }
    }

    private func removeNode(_ name: String) {
        guard let i = nodeIndex[name] else { return }
        nodes.remove(at: i)
        reindexNodes()
    }

    private func reindexNodes() {
        nodeIndex.removeAll(keepingCapacity: true)
        for (i, node) in nodes.enumerated() { nodeIndex[node.name] = i }
    }

    /// Moves a pod's requests onto the node it is bound to (or off, when it finishes or goes).
    private func account(_ key: String, _ pod: JSONValue?) {
        var wanted: Assignment?
        if let pod, let nodeName = pod[path: ["spec", "nodeName"]]?.stringValue, !nodeName.isEmpty,
           !["Succeeded", "Failed"].contains(pod[path: ["status", "phase"]]?.stringValue ?? "") {
            if let current = assigned[key], current.node == nodeName { return }
            wanted = Assignment(node: nodeName, request: SchedulingResources.podRequests(pod),
                                nonZeroRequest: SchedulingResources.podRequests(pod, nonZero: true))
        }
        if let old = assigned.removeValue(forKey: key), let i = nodeIndex[old.node] {
            nodes[i].requested = nodes[i].requested - old.request
            nodes[i].nonZeroRequested = nodes[i].nonZeroRequested - old.nonZeroRequest
            nodes[i].podCount -= 1
        }
        guard let wanted else { return }
        assigned[key] = wanted
        if let i = nodeIndex[wanted.node] {
            nodes[i].requested = nodes[i].requested + wanted.request
            nodes[i].nonZeroRequested = nodes[i].nonZeroRequested + wanted.nonZeroRequest
            nodes[i].podCount += 1
        }
    }

    private func observe(_ pod: JSONValue) {
        let key = Self.key(pod)
        pods[key] = pod
        account(key, pod)
        if needsScheduling(pod) {
            if unschedulable[key] == nil, queued.insert(key).inserted { activeQueue.append(key) }
        } else {
            unschedulable[key] = nil
        }
    }

    private func needsScheduling(_ pod: JSONValue) -> Bool {
        (pod[path: ["spec", "nodeName"]]?.stringValue ?? "").isEmpty
            && (pod[path: ["spec", "schedulerName"]]?.stringValue ?? Self.schedulerName) == Self.schedulerName
            && pod[path: ["metadata", "deletionTimestamp"]] == nil
            && (pod[path: ["spec", "schedulingGates"]]?.elements ?? []).isEmpty
    }

    /// Upstream's adaptive percentageOfNodesToScore: every node below 100, else a share that
    /// shrinks with cluster size (50% minus 1% per 125 nodes, at least 5%), never under 100.
    static func feasibleNodesToFind(_ nodeCount: Int) -> Int {
        if nodeCount < 100 { return nodeCount }
        let percentage = max(50 - nodeCount / 125, 5)
        return max(nodeCount * percentage / 100, 100)
    }

    private func scheduleOne(_ pod: JSONValue, key: String, _ api: APIServer) async throws {
        let count = nodes.count
        guard count > 0 else {
            try await recordFailure(pod, key: key, message: "no nodes available to schedule pods", api)
            return
        }
        let candidate = SchedulingPod(pod)
        let wanted = Self.feasibleNodesToFind(count)
        var feasible: [Int] = []
        var failures: [FilterFailure] = []
        var examined = 0
        while examined < count, feasible.count < wanted {
            let i = (nextStartNodeIndex + examined) % count
            examined += 1
            if let failure = SchedulerPlugins.filter(candidate, on: nodes[i], kubeVersion: api.kubeVersion) {
                failures.append(failure)
            } else {
                feasible.append(i)
            }
        }
        nextStartNodeIndex = (nextStartNodeIndex + examined) % count
        guard !feasible.isEmpty else {
            let message = SchedulerPlugins.fitErrorMessage(
                nodeCount: count, failures: failures,
                preemptionPolicy: pod[path: ["spec", "preemptionPolicy"]]?.stringValue ?? "PreemptLowerPriority")
            try await recordFailure(pod, key: key, message: message, api)
            return
        }
        let chosen = nodes[feasible.count == 1 ? feasible[0] : selectHost(candidate, feasible, api)]
        let namespace = pod[path: ["metadata", "namespace"]]?.stringValue ?? ""
        let podName = pod[path: ["metadata", "name"]]?.stringValue ?? ""
        let bound: JSONValue
        do {
            bound = try await api.bind(namespace: namespace, pod: podName, node: chosen.name,
                                       uid: pod[path: ["metadata", "uid"]]?.stringValue)
        } catch {
            // Deleted or bound meanwhile: the watch brings the news. (A `catch … as APIError
            // where …` clause here crashes Swift 6.3's SILGen, hence the explicit rethrow.)
            if error.code == 404 || error.code == 409 { return }
            throw error
        }
        pods[key] = bound
        account(key, bound)
        unschedulable[key] = nil
        try await recorder.record(api, about: bound, reason: "Scheduled",
                                  message: "Successfully assigned \(namespace)/\(podName) to \(chosen.name)", action: "Binding")
    }

    /// Scores the feasible nodes and picks uniformly among the best (selectHost's reservoir sampling).
    private func selectHost(_ pod: SchedulingPod, _ feasible: [Int], _ api: APIServer) -> Int {
        let scores = SchedulerPlugins.scores(pod, nodes: nodes, at: feasible)
        var best = 0
        var ties = 0
        let top = scores.max() ?? 0
        for (i, score) in scores.enumerated() where score == top {
            ties += 1
            if api.withRandom({ $0.below(ties) }) == 0 { best = i }
        }
        return feasible[best]
    }

    private func recordFailure(_ pod: JSONValue, key: String, message: String, _ api: APIServer) async throws {
        let previous = unschedulable[key]
        unschedulable[key] = message
        guard previous != message, let podResource else { return }
        var conditions = (pod[path: ["status", "conditions"]]?.elements ?? []).filter { $0["type"]?.stringValue != "PodScheduled" }
        let existing = pod[path: ["status", "conditions"]]?.elements?.first { $0["type"]?.stringValue == "PodScheduled" }
        let transition = existing?["status"]?.stringValue == "False"
            ? existing?["lastTransitionTime"] ?? .string(api.clock.timestamp()) : .string(api.clock.timestamp())
        conditions.append(.object([
            "type": .string("PodScheduled"), "status": .string("False"), "lastProbeTime": .null,
            "lastTransitionTime": transition, "reason": .string("Unschedulable"), "message": .string(message),
        ]))
        let namespace = pod[path: ["metadata", "namespace"]]?.stringValue ?? ""
        let podName = pod[path: ["metadata", "name"]]?.stringValue ?? ""
        do {
            let patched = try await api.patch(podResource, namespace: namespace, name: podName,
                                              mergePatch: .object(["status": .object(["conditions": .array(conditions)])]),
                                              manager: Self.manager, subresource: "status")
            pods[key] = patched
            account(key, patched)
            try await recorder.record(api, about: patched, type: "Warning", reason: "FailedScheduling", message: message,
                                      action: "Scheduling")
        } catch { guard let apiError = error as? APIError, apiError.code == 404 else { throw error }
            pods[key] = nil
            account(key, nil)
            unschedulable[key] = nil
        }
    }
}
