import EngineAPI
import EngineKit
import GoJSON

/// The statefulset controller: ordinal pods `<name>-0…n-1` created in order (OrderedReady: the
/// next only once every lower one is Running and Ready; Parallel: all at once), removed from the
/// highest ordinal, a ControllerRevision `<name>-<hash>` per template, rolling updates from the
/// highest ordinal down, and the status with current/update revisions.
final class StatefulSetController: WorkloadQueueController {
    private let recorder = WorkloadEventRecorder(component: "statefulset-controller")

    init() { super.init(name: "statefulset-controller") }

    override var watchedKinds: [(String, String)] { [("apps/v1", "StatefulSet"), ("v1", "Pod")] }

    override func initialKeys(api: APIServer) async throws -> [WorkloadKey] {
        try await api.workloadList("apps/v1", "StatefulSet").map(WorkloadObject.key)
    }

    override func keys(for event: APIWatchEvent, api: APIServer) -> [WorkloadKey] {
        if event.resource.kind == "StatefulSet" { return event.kind == .deleted ? [] : [WorkloadObject.key(event.object)] }
        for ref in event.object[path: ["metadata", "ownerReferences"]]?.elements ?? []
        where ref["controller"]?.boolValue == true && ref["kind"]?.stringValue == "StatefulSet" {
            return [WorkloadKey(namespace: WorkloadObject.namespace(event.object), name: ref["name"]?.stringValue ?? "")]
        }
        return []
    }

    /// The revision's data: the template as a strategic-merge "replace" patch (getPatch).
    static func revisionData(_ set: JSONValue) -> JSONValue {
        var template = set[path: ["spec", "template"]] ?? .emptyObject
        template.set(.string("replace"), at: "$patch")
        return .object([JSONMember("spec", .object([JSONMember("template", template)]))])
    }

    private func ensureRevision(_ set: JSONValue, api: APIServer) async throws -> (name: String, wrote: Bool) {
        let data = Self.revisionData(set)
        // getStatefulSetRevisions probes with the collision count, 0 until there is one.
        let hash = PodTemplateHash.revisionHash(data, collisionCount: set[path: ["status", "collisionCount"]]?.intValue ?? 0)
        let name = WorkloadObject.name(set) + "-" + hash
        let namespace = WorkloadObject.namespace(set)
        if try await api.workloadGet("apps/v1", "ControllerRevision", WorkloadKey(namespace: namespace, name: name)) != nil {
            return (name, false)
        }
        let uid = WorkloadObject.uid(set)
        let existing = try await api.workloadList("apps/v1", "ControllerRevision", namespace: namespace)
            .filter { WorkloadObject.controllerUID($0) == uid }
        let revision = (existing.compactMap { $0["revision"]?.intValue }.max() ?? 0) + 1
        var labels = WorkloadObject.labels(set, at: ["spec", "template", "metadata", "labels"])
        labels["controller.kubernetes.io/hash"] = hash
        let object = JSONValue.object([
            JSONMember("apiVersion", .string("apps/v1")),
            JSONMember("kind", .string("ControllerRevision")),
            JSONMember("metadata", .object([
                JSONMember("name", .string(name)),
                JSONMember("namespace", .string(namespace)),
                JSONMember("labels", WorkloadObject.labelsValue(labels)),
                JSONMember("ownerReferences", .array([WorkloadObject.controllerReference(to: set)])),
            ])),
            JSONMember("data", data),
            JSONMember("revision", .int(revision)),
        ])
        _ = try await api.create(object, manager: WorkloadControllers.manager)
        return (name, true)
    }

    override func reconcile(_ key: WorkloadKey, api: APIServer) async throws -> Bool {
        guard let set = try await api.workloadGet("apps/v1", "StatefulSet", key), !WorkloadObject.isDeleting(set) else { return false }
        let (updateRevision, createdRevision) = try await ensureRevision(set, api: api)
        var wrote = createdRevision
        let name = key.name
        let replicas = Int(WorkloadObject.int(set, "spec", "replicas") ?? 1)
        let ordered = (set[path: ["spec", "podManagementPolicy"]]?.stringValue ?? "OrderedReady") == "OrderedReady"
        let uid = WorkloadObject.uid(set)
        var pods: [Int: JSONValue] = [:]
        for pod in try await api.workloadOwned("v1", "Pod", controllerUID: uid) where WorkloadObject.namespace(pod) == key.namespace {
            let podName = WorkloadObject.name(pod)
            guard podName.hasPrefix(name + "-"), let ordinal = Int(podName.dropFirst(name.count + 1)) else { continue }
            pods[ordinal] = pod
        }
        func healthy(_ pod: JSONValue) -> Bool { WorkloadPod.phase(pod) == "Running" && WorkloadPod.isReady(pod) && !WorkloadObject.isDeleting(pod) }
        let podResource = try api.resource(apiVersion: "v1", kind: "Pod")

        // Create missing ordinals (and replace finished ones) in order.
        for ordinal in 0..<replicas {
            if let pod = pods[ordinal] {
                if ["Succeeded", "Failed"].contains(WorkloadPod.phase(pod)), !WorkloadObject.isDeleting(pod) {
                    _ = try? await api.delete(podResource, namespace: key.namespace, name: WorkloadObject.name(pod), manager: WorkloadControllers.manager)
                    await recorder.record(api, about: set, reason: "SuccessfulDelete",
                                                  message: "delete Pod \(WorkloadObject.name(pod)) in StatefulSet \(name) successful")
                    return true
                }
                if ordered && !healthy(pod) { return try await syncStatus(set, pods: pods, updateRevision: updateRevision, api: api) || wrote }
                continue
            }
            let podName = "\(name)-\(ordinal)"
            var pod = WorkloadPod.fromTemplate(set[path: ["spec", "template"]] ?? .emptyObject, owner: set, name: podName,
                                               extraLabels: [("controller-revision-hash", updateRevision),
                                                             ("statefulset.kubernetes.io/pod-name", podName),
                                                             ("apps.kubernetes.io/pod-index", String(ordinal))])
            pod.set(.string(podName), at: "spec", "hostname")
            if let service = set[path: ["spec", "serviceName"]]?.stringValue, !service.isEmpty {
                pod.set(.string(service), at: "spec", "subdomain")
            }
            let created = try await api.create(pod, manager: WorkloadControllers.manager)
            await recorder.record(api, about: set, reason: "SuccessfulCreate",
                                          message: "create Pod \(podName) in StatefulSet \(name) successful")
            pods[ordinal] = created
            wrote = true
            if ordered { return try await syncStatus(set, pods: pods, updateRevision: updateRevision, api: api) || wrote }
        }
        // Scale down from the highest ordinal; OrderedReady waits until the rest is healthy.
        let extra = pods.keys.filter { $0 >= replicas }.sorted(by: >)
        for ordinal in extra {
            guard let pod = pods[ordinal], !WorkloadObject.isDeleting(pod) else { if ordered { break } else { continue } }
            if ordered && !pods.filter({ $0.key < replicas }).values.allSatisfy(healthy) { break }
            _ = try? await api.delete(podResource, namespace: key.namespace, name: WorkloadObject.name(pod), manager: WorkloadControllers.manager)
            await recorder.record(api, about: set, reason: "SuccessfulDelete",
                                          message: "delete Pod \(WorkloadObject.name(pod)) in StatefulSet \(name) successful")
            pods[ordinal] = nil
            wrote = true
            if ordered { break }
        }
        // RollingUpdate: replace the highest-ordinal pod of an old revision once all are healthy.
        if extra.isEmpty, (set[path: ["spec", "updateStrategy", "type"]]?.stringValue ?? "RollingUpdate") == "RollingUpdate" {
            let partition = Int(WorkloadObject.int(set, "spec", "updateStrategy", "rollingUpdate", "partition") ?? 0)
            let inScope = pods.filter { $0.key < replicas }
            if inScope.values.allSatisfy(healthy),
               let stale = inScope.keys.filter({ $0 >= partition }).sorted(by: >)
                .first(where: { WorkloadObject.labels(inScope[$0] ?? .null)["controller-revision-hash"] != updateRevision }),
               let pod = inScope[stale] {
                _ = try? await api.delete(podResource, namespace: key.namespace, name: WorkloadObject.name(pod), manager: WorkloadControllers.manager)
                await recorder.record(api, about: set, reason: "SuccessfulDelete",
                                              message: "delete Pod \(WorkloadObject.name(pod)) in StatefulSet \(name) successful")
                pods[stale] = nil
                wrote = true
            }
        }
        return try await syncStatus(set, pods: pods, updateRevision: updateRevision, api: api) || wrote
    }

    /// StatefulSetStatus in field order: observedGeneration, replicas, readyReplicas,
    /// currentReplicas, updatedReplicas, currentRevision, updateRevision, collisionCount,
    /// availableReplicas.
    private func syncStatus(_ set: JSONValue, pods: [Int: JSONValue], updateRevision: String, api: APIServer) async throws -> Bool {
        let live = pods.values.filter { !WorkloadObject.isDeleting($0) }
        let minReady = WorkloadObject.int(set, "spec", "minReadySeconds") ?? 0
        let now = api.clock.unixNanoseconds
        func revision(_ pod: JSONValue) -> String { WorkloadObject.labels(pod)["controller-revision-hash"] ?? "" }
        let updated = live.filter { revision($0) == updateRevision }.count
        var currentRevision = set[path: ["status", "currentRevision"]]?.stringValue ?? updateRevision
        if currentRevision.isEmpty { currentRevision = updateRevision }
        let replicas = Int(WorkloadObject.int(set, "spec", "replicas") ?? 1)
        // The update is complete when every wanted pod runs the update revision.
        if updated == replicas && live.count == replicas { currentRevision = updateRevision }
        let current = live.filter { revision($0) == currentRevision }.count
        let status = JSONValue.object([
            JSONMember("observedGeneration", .int(WorkloadObject.int(set, "metadata", "generation") ?? 0)),
            JSONMember("replicas", .int(live.count)),
            JSONMember("readyReplicas", .int(live.filter(WorkloadPod.isReady).count)),
            JSONMember("currentReplicas", .int(current)),
            JSONMember("updatedReplicas", .int(updated)),
            JSONMember("currentRevision", .string(currentRevision)),
            JSONMember("updateRevision", .string(updateRevision)),
            JSONMember("collisionCount", .int(WorkloadObject.int(set, "status", "collisionCount") ?? 0)),
            JSONMember("availableReplicas", .int(live.filter { WorkloadPod.isAvailable($0, minReadySeconds: minReady, now: now) }.count)),
        ])
        return try await api.workloadUpdateStatus(set, status: status)
    }
}
