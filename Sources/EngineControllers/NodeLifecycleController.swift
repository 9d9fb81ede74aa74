import EngineAPI
import EngineKit
import GoJSON
import KubeResources

/// kube-controller-manager's node lifecycle controller: every node-monitor period it registers
/// new nodes (RegisteredNode event), marks nodes whose lease has not been renewed within the
/// grace period as Unknown and taints them unreachable, and keeps the condition taints
/// (not-ready / unreachable) in line with the Ready condition.
public final class NodeLifecycleController: Controller {
    public let name = "node-lifecycle-controller"
    public static let manager = "kube-controller-manager"
    public static let unreachableKey = "node.kubernetes.io/unreachable"
    public static let notReadyKey = "node.kubernetes.io/not-ready"

    /// `--node-monitor-period` (5 s) and `--node-monitor-grace-period` (40 s from 1.32; 50 s before).
    public let monitorPeriodSeconds: Int64
    public let gracePeriodSeconds: Int64

    private let recorder = EventRecorder(component: "node-controller", manager: NodeLifecycleController.manager)
    private var nodeWatch: APIWatch?
    private var leaseWatch: APIWatch?
    private var nodes: [String: JSONValue] = [:]
    private var registered: Set<String> = []
    /// When the controller last saw each node's lease renewed (its probe timestamp), engine ns.
    private var lastRenewalSeen: [String: Int64] = [:]
    private var renewTimes: [String: String] = [:]
    private var nextMonitor: Int64 = 0

    public init(monitorPeriodSeconds: Int64 = 5, gracePeriodSeconds: Int64 = 40) {
        self.monitorPeriodSeconds = monitorPeriodSeconds
        self.gracePeriodSeconds = gracePeriodSeconds
    }

    public func start(_ api: APIServer) async throws {
        let nodeResource = try api.resource(apiVersion: "v1", kind: "Node")
        let leaseResource = try api.resource(apiVersion: "coordination.k8s.io/v1", kind: "Lease")
        nodeWatch = api.watch(nodeResource)
        leaseWatch = api.watch(leaseResource, namespace: "kube-node-lease")
        let now = api.clock.unixNanoseconds
        for node in try await api.list(nodeResource).items {
            let name = node[path: ["metadata", "name"]]?.stringValue ?? ""
            nodes[name] = node
            lastRenewalSeen[name] = now
        }
        nextMonitor = now + monitorPeriodSeconds * 1_000_000_000
    }

    public func nextWakeup() -> Int64? { nextMonitor }

    public func step(_ api: APIServer) async throws -> Bool {
        let now = api.clock.unixNanoseconds
        for event in nodeWatch?.drain() ?? [] {
            let name = event.object[path: ["metadata", "name"]]?.stringValue ?? ""
            if event.kind == .deleted {
                nodes[name] = nil
                registered.remove(name)
                lastRenewalSeen[name] = nil
            } else {
                if nodes[name] == nil { lastRenewalSeen[name] = now }
                nodes[name] = event.object
            }
        }
        for event in leaseWatch?.drain() ?? [] where event.kind != .deleted {
            let name = event.object[path: ["metadata", "name"]]?.stringValue ?? ""
            let renew = event.object[path: ["spec", "renewTime"]]?.stringValue ?? ""
            if renewTimes[name] != renew {
                renewTimes[name] = renew
                lastRenewalSeen[name] = now
            }
        }
        guard now >= nextMonitor else { return false }
        nextMonitor = now + monitorPeriodSeconds * 1_000_000_000
        for name in nodes.keys.sorted() { try await monitor(name, now: now, api) }
        return true
    }

    private func monitor(_ name: String, now: Int64, _ api: APIServer) async throws {
        guard var node = nodes[name] else { return }
        let nodeResource = try api.resource(apiVersion: "v1", kind: "Node")
        if !registered.contains(name) {
            registered.insert(name)
            let reference = JSONValue.object([
                "kind": .string("Node"),
                "metadata": .object(["name": .string(name), "uid": node[path: ["metadata", "uid"]] ?? .string("")]),
            ])
            try await recorder.recordAvoidingNameClash(api, about: reference, reason: "RegisteredNode",
                                                       message: "Node \(name) event: Registered Node \(name) in Controller")
        }
        let conditions = node[path: ["status", "conditions"]]?.elements ?? []
        let ready = conditions.first { $0["type"]?.stringValue == "Ready" }?["status"]?.stringValue
        let silentFor = now - (lastRenewalSeen[name] ?? now)
        if silentFor > gracePeriodSeconds * 1_000_000_000, ready != "Unknown", ready != nil {
            node = try await markUnknown(node, api)
        }
        try await reconcileTaints(node, api, nodeResource)
    }

    /// Every kubelet-owned condition becomes Unknown; lastHeartbeatTime stays as the kubelet left it.
    private func markUnknown(_ node: JSONValue, _ api: APIServer) async throws -> JSONValue {
        let timestamp = api.clock.timestamp()
        var updated = node
        updated.forEachElement(at: "status", "conditions") { condition, _ in
            guard condition["status"]?.stringValue != "Unknown" else { return }
            condition.set(.string("Unknown"), at: "status")
            condition.set(.string(timestamp), at: "lastTransitionTime")
            condition.set(.string("NodeStatusUnknown"), at: "reason")
            condition.set(.string("Kubelet stopped posting node status."), at: "message")
        }
        updated.remove(at: "metadata", "resourceVersion")
        let stored = try await api.update(updated, manager: Self.manager, subresource: "status")
        nodes[node[path: ["metadata", "name"]]?.stringValue ?? ""] = stored
        return stored
    }

    /// The NoSchedule taint matching the Ready condition (TaintNodesByCondition) and the
    /// NoExecute one (taint-based eviction): not-ready for False, unreachable for Unknown.
    private func reconcileTaints(_ node: JSONValue, _ api: APIServer, _ nodeResource: ResourceInfo) async throws {
        let ready = (node[path: ["status", "conditions"]]?.elements ?? []).first { $0["type"]?.stringValue == "Ready" }?["status"]?.stringValue
        let wantedKey: String?
        switch ready ?? "" {
        case "False", "": wantedKey = Self.notReadyKey
        case "Unknown": wantedKey = Self.unreachableKey
        default: wantedKey = nil
        }
        let taints = node[path: ["spec", "taints"]]?.elements ?? []
        func isConditionTaint(_ t: JSONValue) -> Bool {
            let key = t["key"]?.stringValue ?? ""
            return key == Self.notReadyKey || key == Self.unreachableKey
        }
        var kept = taints.filter { t in
            guard isConditionTaint(t) else { return true }
            return t["key"]?.stringValue == wantedKey
        }
        if let wantedKey, ready != nil {
            for effect in ["NoSchedule", "NoExecute"]
            where !kept.contains(where: { $0["key"]?.stringValue == wantedKey && $0["effect"]?.stringValue == effect }) {
                kept.append(.object([
                    "key": .string(wantedKey), "effect": .string(effect), "timeAdded": .string(api.clock.timestamp()),
                ]))
            }
        }
        guard kept != taints else { return }
        let name = node[path: ["metadata", "name"]]?.stringValue ?? ""
        let patch = JSONValue.object(["spec": .object(["taints": kept.isEmpty ? .null : .array(kept)])])
        nodes[name] = try await api.patch(nodeResource, namespace: "", name: name, mergePatch: patch, manager: Self.manager)
    }
}
