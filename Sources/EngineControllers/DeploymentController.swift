import EngineAPI
import EngineKit
import GoJSON
import KubeCodec

/// The deployment controller: one ReplicaSet per pod template (`<deploy>-<pod-template-hash>`),
/// rolled with the RollingUpdate fenceposts (maxSurge/maxUnavailable) or Recreate, and the
/// Deployment's revision annotation, status and Available/Progressing conditions.
final class DeploymentController: WorkloadQueueController {
    private let recorder = WorkloadEventRecorder(component: "deployment-controller")

    static let revisionAnnotation = "deployment.kubernetes.io/revision"
    static let desiredAnnotation = "deployment.kubernetes.io/desired-replicas"
    static let maxAnnotation = "deployment.kubernetes.io/max-replicas"
    static let hashLabel = "pod-template-hash"

    init() { super.init(name: "deployment-controller") }

    override var watchedKinds: [(String, String)] { [("apps/v1", "Deployment"), ("apps/v1", "ReplicaSet")] }

    override func initialKeys(api: APIServer) async throws -> [WorkloadKey] {
        try await api.workloadList("apps/v1", "Deployment").map(WorkloadObject.key)
    }

    override func keys(for event: APIWatchEvent, api: APIServer) -> [WorkloadKey] {
        if event.resource.kind == "Deployment" { return event.kind == .deleted ? [] : [WorkloadObject.key(event.object)] }
        for ref in event.object[path: ["metadata", "ownerReferences"]]?.elements ?? []
        where ref["controller"]?.boolValue == true && ref["kind"]?.stringValue == "Deployment" {
            return [WorkloadKey(namespace: WorkloadObject.namespace(event.object), name: ref["name"]?.stringValue ?? "")]
        }
        return []
    }

    /// What the rollout needs to know about one Deployment.
    struct Fenceposts {
        var replicas: Int64
        var maxSurge: Int64
        var maxUnavailable: Int64
        var rolling: Bool

        init(_ d: JSONValue) {
            replicas = WorkloadObject.int(d, "spec", "replicas") ?? 1
            rolling = (d[path: ["spec", "strategy", "type"]]?.stringValue ?? "RollingUpdate") == "RollingUpdate"
            guard rolling else {
                maxSurge = 0
                maxUnavailable = 0
                return
            }
            maxSurge = WorkloadIntOrPercent.scaled(d[path: ["spec", "strategy", "rollingUpdate", "maxSurge"]], total: replicas, roundUp: true)
            maxUnavailable = WorkloadIntOrPercent.scaled(d[path: ["spec", "strategy", "rollingUpdate", "maxUnavailable"]],
                                                         total: replicas, roundUp: false)
            // ResolveFenceposts: both zero would never make progress.
            if maxSurge == 0 && maxUnavailable == 0 { maxUnavailable = 1 }
            maxUnavailable = min(maxUnavailable, replicas)
        }
    }

    override func reconcile(_ key: WorkloadKey, api: APIServer) async throws -> Bool {
        guard var d = try await api.workloadGet("apps/v1", "Deployment", key), !WorkloadObject.isDeleting(d) else { return false }
        let uid = WorkloadObject.uid(d)
        let owned = try await api.workloadOwned("apps/v1", "ReplicaSet", controllerUID: uid)
            .filter { WorkloadObject.namespace($0) == key.namespace && !WorkloadObject.isDeleting($0) }
        let template = d[path: ["spec", "template"]] ?? .emptyObject
        let templateBytes = PodTemplateHash.canonicalBytes(template)
        var newRS = owned.first { PodTemplateHash.canonicalBytes(Self.withoutHash($0[path: ["spec", "template"]] ?? .null)) == templateBytes }
        var oldRSs = owned.filter { WorkloadObject.uid($0) != (newRS.map(WorkloadObject.uid) ?? "") }
            .sorted { ($0[path: ["metadata", "creationTimestamp"]]?.stringValue ?? "", WorkloadObject.name($0))
                < ($1[path: ["metadata", "creationTimestamp"]]?.stringValue ?? "", WorkloadObject.name($1)) }
        let fence = Fenceposts(d)
        var wrote = false
        var status = d["status"] ?? .emptyObject
        var conditions = status["conditions"]?.elements ?? []
        let now = api.clock.timestamp()

        if newRS == nil {
            if !fence.rolling, oldRSs.contains(where: { (WorkloadObject.int($0, "status", "replicas") ?? 0) > 0 || (WorkloadObject.int($0, "spec", "replicas") ?? 0) > 0 }) {
                // Recreate: the old pods go first.
                for i in oldRSs.indices where (WorkloadObject.int(oldRSs[i], "spec", "replicas") ?? 0) > 0 {
                    oldRSs[i] = try await scale(oldRSs[i], to: 0, deployment: d, fence: fence, api: api)
                    wrote = true
                }
                return try await syncStatus(d, newRS: nil, oldRSs: oldRSs, conditions: conditions, fence: fence, api: api) || wrote
            }
            let maxOldRevision = oldRSs.compactMap { Int64($0[path: ["metadata", "annotations", Self.revisionAnnotation]]?.stringValue ?? "") }.max() ?? 0
            let revision = String(maxOldRevision + 1)
            if d[path: ["metadata", "annotations", Self.revisionAnnotation]]?.stringValue != revision {
                d.set(.string(revision), at: ["metadata", "annotations", Self.revisionAnnotation])
                d = try await api.workloadUpdate(d)
                wrote = true
            }
            let replicas = Self.newReplicas(fence, oldRSs: oldRSs, newRS: nil)
            let rs = Self.replicaSet(for: d, template: template, replicas: replicas, revision: revision, fence: fence)
            let created = try await api.create(rs, manager: WorkloadControllers.manager)
            wrote = true
            if replicas > 0 {
                await recorder.record(api, about: d, reason: "ScalingReplicaSet",
                                              message: "Scaled up replica set \(WorkloadObject.name(created)) from 0 to \(replicas)")
            }
            conditions = Self.setCondition(conditions, type: "Progressing", status: "True", reason: "NewReplicaSetCreated",
                                           message: "Created new replica set \"\(WorkloadObject.name(created))\"", now: now)
            status.set(.array(conditions), at: "conditions")
            d.set(status, at: "status")
            newRS = created
        } else if let rs = newRS {
            let revision = rs[path: ["metadata", "annotations", Self.revisionAnnotation]]?.stringValue ?? "1"
            if d[path: ["metadata", "annotations", Self.revisionAnnotation]]?.stringValue != revision {
                d.set(.string(revision), at: ["metadata", "annotations", Self.revisionAnnotation])
                d = try await api.workloadUpdate(d)
                wrote = true
            }
        }
        guard var current = newRS else { return wrote }

        // reconcileNewReplicaSet
        let currentReplicas = WorkloadObject.int(current, "spec", "replicas") ?? 0
        var target = currentReplicas
        if currentReplicas > fence.replicas {
            target = fence.replicas
        } else if currentReplicas < fence.replicas {
            target = fence.rolling ? Self.newReplicas(fence, oldRSs: oldRSs, newRS: current) : fence.replicas
        }
        if target != currentReplicas || !Self.annotationsCurrent(current, fence: fence) {
            current = try await scale(current, to: target, deployment: d, fence: fence, api: api)
            wrote = true
        }
        if target > currentReplicas {
            return try await syncStatus(d, newRS: current, oldRSs: oldRSs, conditions: conditions, fence: fence, api: api) || wrote
        }
        // reconcileOldReplicaSets
        if fence.rolling {
            if try await scaleDownOld(&oldRSs, newRS: current, deployment: d, fence: fence, api: api) { wrote = true }
        }
        if try await syncStatus(d, newRS: current, oldRSs: oldRSs, conditions: conditions, fence: fence, api: api) { wrote = true }
        if try await cleanUpHistory(d, newRS: current, oldRSs: oldRSs, fence: fence, api: api) { wrote = true }
        return wrote
    }

    /// cleanupDeployment: once the rollout is complete, old ReplicaSets beyond
    /// revisionHistoryLimit that are scaled to zero go, lowest revision first.
    private func cleanUpHistory(_ d: JSONValue, newRS: JSONValue, oldRSs: [JSONValue], fence: Fenceposts, api: APIServer) async throws -> Bool {
        let limit = WorkloadObject.int(d, "spec", "revisionHistoryLimit") ?? 10
        let complete = (WorkloadObject.int(newRS, "status", "availableReplicas") ?? 0) >= fence.replicas
            && (WorkloadObject.int(newRS, "spec", "replicas") ?? 0) == fence.replicas
        guard complete, Int64(oldRSs.count) > limit else { return false }
        func revision(_ rs: JSONValue) -> Int64 { Int64(rs[path: ["metadata", "annotations", Self.revisionAnnotation]]?.stringValue ?? "") ?? 0 }
        var excess = Int64(oldRSs.count) - limit
        var wrote = false
        let resource = try api.resource(apiVersion: "apps/v1", kind: "ReplicaSet")
        for rs in oldRSs.sorted(by: { revision($0) < revision($1) }) where excess > 0 {
            guard (WorkloadObject.int(rs, "spec", "replicas") ?? 0) == 0, (WorkloadObject.int(rs, "status", "replicas") ?? 0) == 0,
                  (WorkloadObject.int(rs, "status", "observedGeneration") ?? 0) >= (WorkloadObject.int(rs, "metadata", "generation") ?? 0)
            else { continue }
            _ = try? await api.delete(resource, namespace: WorkloadObject.namespace(rs), name: WorkloadObject.name(rs),
                                      options: DeleteOptions(preconditionUID: WorkloadObject.uid(rs)), manager: WorkloadControllers.manager)
            excess -= 1
            wrote = true
        }
        return wrote
    }

    /// NewRSNewReplicas for RollingUpdate: grow the new set as far as maxSurge allows.
    static func newReplicas(_ fence: Fenceposts, oldRSs: [JSONValue], newRS: JSONValue?) -> Int64 {
        let newCount = newRS.flatMap { WorkloadObject.int($0, "spec", "replicas") } ?? 0
        guard fence.rolling else { return fence.replicas }
        let current = oldRSs.reduce(newCount) { $0 + (WorkloadObject.int($1, "spec", "replicas") ?? 0) }
        let maxTotal = fence.replicas + fence.maxSurge
        if current >= maxTotal { return newCount }
        return newCount + min(maxTotal - current, fence.replicas - newCount)
    }

    /// Scales old ReplicaSets down without dropping below replicas − maxUnavailable available
    /// pods: first their unavailable pods, then available ones, oldest set first.
    private func scaleDownOld(_ oldRSs: inout [JSONValue], newRS: JSONValue, deployment d: JSONValue, fence: Fenceposts,
                              api: APIServer) async throws -> Bool {
        func spec(_ rs: JSONValue) -> Int64 { WorkloadObject.int(rs, "spec", "replicas") ?? 0 }
        func available(_ rs: JSONValue) -> Int64 { WorkloadObject.int(rs, "status", "availableReplicas") ?? 0 }
        let oldCount = oldRSs.reduce(0) { $0 + spec($1) }
        guard oldCount > 0 else { return false }
        let allCount = oldCount + spec(newRS)
        let minAvailable = fence.replicas - fence.maxUnavailable
        let newUnavailable = spec(newRS) - available(newRS)
        var budget = allCount - minAvailable - newUnavailable
        guard budget > 0 else { return false }
        var wrote = false
        // cleanupUnhealthyReplicas
        for i in oldRSs.indices where budget > 0 {
            let unhealthy = spec(oldRSs[i]) - available(oldRSs[i])
            guard unhealthy > 0 else { continue }
            let cut = min(unhealthy, budget)
            oldRSs[i] = try await scale(oldRSs[i], to: spec(oldRSs[i]) - cut, deployment: d, fence: fence, api: api)
            budget -= cut
            wrote = true
        }
        // scaleDownOldReplicaSetsForRollingUpdate
        let availableNow = (oldRSs + [newRS]).reduce(0) { $0 + available($1) }
        guard availableNow > minAvailable else { return wrote }
        var remaining = availableNow - minAvailable
        for i in oldRSs.indices where remaining > 0 && spec(oldRSs[i]) > 0 {
            let cut = min(spec(oldRSs[i]), remaining)
            oldRSs[i] = try await scale(oldRSs[i], to: spec(oldRSs[i]) - cut, deployment: d, fence: fence, api: api)
            remaining -= cut
            wrote = true
        }
        return wrote
    }

    private func scale(_ rs: JSONValue, to replicas: Int64, deployment d: JSONValue, fence: Fenceposts, api: APIServer) async throws -> JSONValue {
        let from = WorkloadObject.int(rs, "spec", "replicas") ?? 0
        var updated = rs
        updated.set(.int(replicas), at: "spec", "replicas")
        updated.set(.string(String(fence.replicas)), at: ["metadata", "annotations", Self.desiredAnnotation])
        updated.set(.string(String(fence.replicas + fence.maxSurge)), at: ["metadata", "annotations", Self.maxAnnotation])
        let stored = try await api.workloadUpdate(updated)
        if from != replicas {
            let direction = replicas > from ? "up" : "down"
            await recorder.record(api, about: d, reason: "ScalingReplicaSet",
                                          message: "Scaled \(direction) replica set \(WorkloadObject.name(rs)) from \(from) to \(replicas)")
        }
        return stored
    }

    private static func annotationsCurrent(_ rs: JSONValue, fence: Fenceposts) -> Bool {
        rs[path: ["metadata", "annotations", desiredAnnotation]]?.stringValue == String(fence.replicas)
            && rs[path: ["metadata", "annotations", maxAnnotation]]?.stringValue == String(fence.replicas + fence.maxSurge)
    }

    /// calculateStatus plus syncRolloutStatus's Progressing condition.
    private func syncStatus(_ d: JSONValue, newRS: JSONValue?, oldRSs: [JSONValue], conditions start: [JSONValue],
                            fence: Fenceposts, api: APIServer) async throws -> Bool {
        let all = oldRSs + (newRS.map { [$0] } ?? [])
        func sum(_ path: String...) -> Int64 { all.reduce(0) { $0 + ($1[path: path]?.intValue ?? 0) } }
        let replicas = sum("status", "replicas")
        let updated = newRS.flatMap { WorkloadObject.int($0, "status", "replicas") } ?? 0
        let ready = sum("status", "readyReplicas")
        let available = sum("status", "availableReplicas")
        let unavailable = max(0, sum("spec", "replicas") - available)
        let generation = WorkloadObject.int(d, "metadata", "generation") ?? 0
        let now = api.clock.timestamp()
        var conditions = start
        if available >= fence.replicas - fence.maxUnavailable {
            conditions = Self.setCondition(conditions, type: "Available", status: "True", reason: "MinimumReplicasAvailable",
                                           message: "Deployment has minimum availability.", now: now)
        } else {
            conditions = Self.setCondition(conditions, type: "Available", status: "False", reason: "MinimumReplicasUnavailable",
                                           message: "Deployment does not have minimum availability.", now: now)
        }
        if let newRS {
            let rsName = WorkloadObject.name(newRS)
            let old = d["status"] ?? .emptyObject
            let complete = updated == fence.replicas && replicas == fence.replicas && available == fence.replicas
            let progressing = updated != (old["updatedReplicas"]?.intValue ?? 0) || ready != (old["readyReplicas"]?.intValue ?? 0)
                || available != (old["availableReplicas"]?.intValue ?? 0) || replicas < (old["replicas"]?.intValue ?? 0)
            if complete {
                conditions = Self.setCondition(conditions, type: "Progressing", status: "True", reason: "NewReplicaSetAvailable",
                                               message: "ReplicaSet \"\(rsName)\" has successfully progressed.", now: now)
            } else if progressing {
                // Progress refreshes lastUpdateTime and moves the condition to the end.
                let previous = conditions.first { $0["type"]?.stringValue == "Progressing" }
                var transition = now
                if previous?["status"]?.stringValue == "True", let t = previous?["lastTransitionTime"]?.stringValue { transition = t }
                conditions = conditions.filter { $0["type"]?.stringValue != "Progressing" } + [
                    Self.condition(type: "Progressing", status: "True", reason: "ReplicaSetUpdated",
                                   message: "ReplicaSet \"\(rsName)\" is progressing.", updated: now, transition: transition),
                ]
            }
        }
        var members: [JSONMember] = [
            JSONMember("observedGeneration", .int(generation)),
            JSONMember("replicas", .int(replicas)),
            JSONMember("updatedReplicas", .int(updated)),
            JSONMember("readyReplicas", .int(ready)),
            JSONMember("availableReplicas", .int(available)),
            JSONMember("unavailableReplicas", .int(unavailable)),
        ]
        if api.kubeVersion >= KubeVersion(major: 1, minor: 35) {
            members.append(JSONMember("terminatingReplicas", .int(sum("status", "terminatingReplicas"))))
        }
        if !conditions.isEmpty { members.append(JSONMember("conditions", .array(conditions))) }
        if let collisions = d[path: ["status", "collisionCount"]] { members.append(JSONMember("collisionCount", collisions)) }
        return try await api.workloadUpdateStatus(d, status: .object(members))
    }

    /// SetDeploymentCondition: the same status and reason leave the condition alone.
    static func setCondition(_ conditions: [JSONValue], type: String, status: String, reason: String, message: String,
                             now: String) -> [JSONValue] {
        let existing = conditions.first { $0["type"]?.stringValue == type }
        if let existing, existing["status"]?.stringValue == status, existing["reason"]?.stringValue == reason { return conditions }
        var transition = now
        if let existing, existing["status"]?.stringValue == status, let t = existing["lastTransitionTime"]?.stringValue { transition = t }
        return conditions.filter { $0["type"]?.stringValue != type }
            + [condition(type: type, status: status, reason: reason, message: message, updated: now, transition: transition)]
    }

    static func condition(type: String, status: String, reason: String, message: String, updated: String, transition: String) -> JSONValue {
        .object([
            JSONMember("type", .string(type)),
            JSONMember("status", .string(status)),
            JSONMember("lastUpdateTime", .string(updated)),
            JSONMember("lastTransitionTime", .string(transition)),
            JSONMember("reason", .string(reason)),
            JSONMember("message", .string(message)),
        ])
    }

    static func withoutHash(_ template: JSONValue) -> JSONValue {
        var t = template
        t.remove(at: "metadata", "labels", hashLabel)
        if t[path: ["metadata", "labels"]]?.members?.isEmpty == true { t.remove(at: "metadata", "labels") }
        return t
    }

    /// The new ReplicaSet: the template labelled with its hash, the Deployment's selector plus
    /// the hash, the replica annotations and the controller reference.
    static func replicaSet(for d: JSONValue, template: JSONValue, replicas: Int64, revision: String, fence: Fenceposts) -> JSONValue {
        let hash = PodTemplateHash.templateHash(template, collisionCount: d[path: ["status", "collisionCount"]]?.intValue)
        var rsTemplate = template
        rsTemplate.set(.string(hash), at: ["metadata", "labels", hashLabel])
        var selector = d[path: ["spec", "selector"]] ?? .emptyObject
        selector.set(.string(hash), at: ["matchLabels", hashLabel])
        var spec: [JSONMember] = [JSONMember("replicas", .int(replicas))]
        if let minReady = d[path: ["spec", "minReadySeconds"]] { spec.append(JSONMember("minReadySeconds", minReady)) }
        spec += [JSONMember("selector", selector), JSONMember("template", rsTemplate)]
        // Copied Deployment annotations exclude kubectl's last-applied configuration and the
        // rollout bookkeeping (skipCopyAnnotation).
        var annotations: [String: String] = [:]
        for m in d[path: ["metadata", "annotations"]]?.members ?? [] where m.key != "kubectl.kubernetes.io/last-applied-configuration"
            && !m.key.hasPrefix("deployment.kubernetes.io/") {
            if let v = m.value.stringValue { annotations[m.key] = v }
        }
        annotations[desiredAnnotation] = String(fence.replicas)
        annotations[maxAnnotation] = String(fence.replicas + fence.maxSurge)
        annotations[revisionAnnotation] = revision
        return .object([
            JSONMember("apiVersion", .string("apps/v1")),
            JSONMember("kind", .string("ReplicaSet")),
            JSONMember("metadata", .object([
                JSONMember("name", .string(WorkloadObject.name(d) + "-" + hash)),
                JSONMember("namespace", .string(WorkloadObject.namespace(d))),
                JSONMember("labels", rsTemplate[path: ["metadata", "labels"]] ?? .emptyObject),
                JSONMember("annotations", WorkloadObject.labelsValue(annotations)),
                JSONMember("ownerReferences", .array([WorkloadObject.controllerReference(to: d)])),
            ])),
            JSONMember("spec", .object(spec)),
        ])
    }
}
