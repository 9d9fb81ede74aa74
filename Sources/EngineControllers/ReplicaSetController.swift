import EngineAPI
import EngineKit
import GoJSON
import KubeCodec

/// The replicaset controller: keeps spec.replicas active pods per ReplicaSet, created from the
/// template with generateName `<rs>-`, and reports the counts in status.
final class ReplicaSetController: WorkloadQueueController {
    private let recorder = WorkloadEventRecorder(component: "replicaset-controller")

    init() { super.init(name: "replicaset-controller") }

    override var watchedKinds: [(String, String)] { [("apps/v1", "ReplicaSet"), ("v1", "Pod")] }

    override func initialKeys(api: APIServer) async throws -> [WorkloadKey] {
        try await api.workloadList("apps/v1", "ReplicaSet").map(WorkloadObject.key)
    }

    override func keys(for event: APIWatchEvent, api: APIServer) -> [WorkloadKey] {
        if event.resource.kind == "ReplicaSet" { return event.kind == .deleted ? [] : [WorkloadObject.key(event.object)] }
        // A pod change wakes its controlling ReplicaSet, found by ownerReference.
        for ref in event.object[path: ["metadata", "ownerReferences"]]?.elements ?? []
        where ref["controller"]?.boolValue == true && ref["kind"]?.stringValue == "ReplicaSet" {
            return [WorkloadKey(namespace: WorkloadObject.namespace(event.object), name: ref["name"]?.stringValue ?? "")]
        }
        return []
    }

    override func reconcile(_ key: WorkloadKey, api: APIServer) async throws -> Bool {
        guard let rs = try await api.workloadGet("apps/v1", "ReplicaSet", key) else { return false }
        let uid = WorkloadObject.uid(rs)
        var owned: [(pod: JSONValue, facts: PodFacts)] = []
        for (pod, facts) in try await api.workloadOwnedPods(controllerUID: uid) {
            if facts.namespace == key.namespace { owned.append((pod, facts)) }
        }
        let active = owned.filter { $0.facts.isActive }.map(\.pod)
        var wrote = false
        if !WorkloadObject.isDeleting(rs) {
            wrote = try await manageReplicas(rs, active: active, api: api)
        }
        // As upstream, status counts the pods seen before this sync's creations and deletions;
        // their watch events bring the next sync.
        let status = Self.status(rs, pods: owned.map(\.facts), api: api)
        if try await api.workloadUpdateStatus(rs, status: status) { wrote = true }
        return wrote
    }

    private func manageReplicas(_ rs: JSONValue, active: [JSONValue], api: APIServer) async throws -> Bool {
        let desired = WorkloadObject.int(rs, "spec", "replicas") ?? 1
        let diff = Int64(active.count) - desired
        if diff < 0 {
            let rsName = WorkloadObject.name(rs)
            for _ in 0..<(-diff) {
                let pod = WorkloadPod.fromTemplate(rs[path: ["spec", "template"]] ?? .emptyObject, owner: rs, generateName: rsName + "-")
                let created = try await api.create(pod, manager: WorkloadControllers.manager)
                await recorder.record(api, about: rs, reason: "SuccessfulCreate",
                                              message: "Created pod: \(WorkloadObject.name(created))")
            }
            return true
        }
        if diff > 0 {
            for pod in Self.deletionOrder(active).prefix(Int(diff)) {
                let podResource = try api.resource(apiVersion: "v1", kind: "Pod")
                _ = try await api.delete(podResource, namespace: WorkloadObject.namespace(pod), name: WorkloadObject.name(pod),
                                         options: DeleteOptions(preconditionUID: WorkloadObject.uid(pod)),
                                         manager: WorkloadControllers.manager)
                await recorder.record(api, about: rs, reason: "SuccessfulDelete",
                                              message: "Deleted pod: \(WorkloadObject.name(pod))")
            }
            return true
        }
        return false
    }

    /// controller.ActivePods ordering, the pods to delete first: unscheduled before scheduled,
    /// Pending before Unknown before Running, not ready before ready, newer before older.
    static func deletionOrder(_ pods: [JSONValue]) -> [JSONValue] {
        func phaseRank(_ p: JSONValue) -> Int {
            ["Pending": 0, "Unknown": 1, "Running": 2][WorkloadPod.phase(p)] ?? 0
        }
        func scheduled(_ p: JSONValue) -> Bool { !(p[path: ["spec", "nodeName"]]?.stringValue ?? "").isEmpty }
        return pods.sorted { a, b in
            if scheduled(a) != scheduled(b) { return !scheduled(a) }
            if phaseRank(a) != phaseRank(b) { return phaseRank(a) < phaseRank(b) }
            if WorkloadPod.isReady(a) != WorkloadPod.isReady(b) { return !WorkloadPod.isReady(a) }
            let ca = a[path: ["metadata", "creationTimestamp"]]?.stringValue ?? ""
            let cb = b[path: ["metadata", "creationTimestamp"]]?.stringValue ?? ""
            if ca != cb { return ca > cb }
            return WorkloadObject.name(a) > WorkloadObject.name(b)
        }
    }

    /// ReplicaSetStatus in its field order: replicas, fullyLabeledReplicas, readyReplicas,
    /// availableReplicas, terminatingReplicas (1.35+, DeploymentReplicaSetTerminatingReplicas),
    /// observedGeneration, conditions.
    static func status(_ rs: JSONValue, pods: [PodFacts], api: APIServer) -> JSONValue {
        // From each pod's facts (read once per pod version by the informer cache): this runs on
        // every pod change of a ReplicaSet.
        let templateLabels = (rs[path: ["spec", "template", "metadata", "labels"]]?.members ?? []).filter { $0.value.stringValue != nil }
        let minReady = WorkloadObject.int(rs, "spec", "minReadySeconds") ?? 0
        let now = api.clock.unixNanoseconds
        var active = 0, fullyLabeled = 0, ready = 0, available = 0, terminating = 0
        for pod in pods {
            let finished = pod.phase == "Succeeded" || pod.phase == "Failed"
            if pod.deleting {
                if !finished { terminating += 1 }
                continue
            }
            if finished { continue }
            active += 1
            if templateLabels.allSatisfy({ pod.label($0.key) == $0.value.stringValue }) { fullyLabeled += 1 }
            if pod.ready {
                ready += 1
                if pod.isAvailable(minReadySeconds: minReady, now: now) { available += 1 }
            }
        }
        // Zero counts of the omitempty fields are left out, as the stored object reads back, so
        // that an unchanged status compares equal and no update is sent (the bytes would be the
        // same either way). terminatingReplicas is a pointer: its 0 stays.
        var members: [JSONMember] = [JSONMember("replicas", .int(active))]
        if fullyLabeled != 0 { members.append(JSONMember("fullyLabeledReplicas", .int(fullyLabeled))) }
        if ready != 0 { members.append(JSONMember("readyReplicas", .int(ready))) }
        if available != 0 { members.append(JSONMember("availableReplicas", .int(available))) }
        if api.kubeVersion >= KubeVersion(major: 1, minor: 35) {
            members.append(JSONMember("terminatingReplicas", .int(terminating)))
        }
        let generation = WorkloadObject.int(rs, "metadata", "generation") ?? 0
        if generation != 0 { members.append(JSONMember("observedGeneration", .int(generation))) }
        if let conditions = rs[path: ["status", "conditions"]], conditions != .null { members.append(JSONMember("conditions", conditions)) }
        return .object(members)
    }
}
