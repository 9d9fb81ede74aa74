import EngineAPI
import EngineKit
import GoJSON
import KubeCodec

/// The job controller: pods (generateName `<job>-`, or `<job>-<index>-` for Indexed jobs) up to
/// min(parallelism, completions − succeeded), each with the `batch.kubernetes.io/job-tracking`
/// finalizer; finished pods counted through status.uncountedTerminatedPods before their finalizer
/// is removed; SuccessCriteriaMet (1.31+) then Complete, or Failed at the backoff limit.
final class JobController: WorkloadQueueController {
    private let recorder = WorkloadEventRecorder(component: "job-controller")
    static let trackingFinalizer = "batch.kubernetes.io/job-tracking"
    static let indexKey = "batch.kubernetes.io/job-completion-index"

    init() { super.init(name: "job-controller") }

    override var watchedKinds: [(String, String)] { [("batch/v1", "Job"), ("v1", "Pod")] }

    override func initialKeys(api: APIServer) async throws -> [WorkloadKey] {
        try await api.workloadList("batch/v1", "Job").map(WorkloadObject.key)
    }

    override func keys(for event: APIWatchEvent, api: APIServer) -> [WorkloadKey] {
        if event.resource.kind == "Job" { return event.kind == .deleted ? [] : [WorkloadObject.key(event.object)] }
        for ref in event.object[path: ["metadata", "ownerReferences"]]?.elements ?? []
        where ref["controller"]?.boolValue == true && ref["kind"]?.stringValue == "Job" {
            return [WorkloadKey(namespace: WorkloadObject.namespace(event.object), name: ref["name"]?.stringValue ?? "")]
        }
        return []
    }

    static func finished(_ job: JSONValue) -> Bool {
        (job[path: ["status", "conditions"]]?.elements ?? []).contains {
            ["Complete", "Failed"].contains($0["type"]?.stringValue ?? "") && $0["status"]?.stringValue == "True"
        }
    }

    override func reconcile(_ key: WorkloadKey, api: APIServer) async throws -> Bool {
        guard var job = try await api.workloadGet("batch/v1", "Job", key), !WorkloadObject.isDeleting(job) else { return false }
        let uid = WorkloadObject.uid(job)
        var pods = try await api.workloadOwned("v1", "Pod", controllerUID: uid).filter { WorkloadObject.namespace($0) == key.namespace }
        let now = api.clock.timestamp()
        var wrote = false
        var status = job["status"] ?? .emptyObject

        // Finished pods still holding the tracking finalizer: record their uids, release them,
        // then move them into the counters.
        let newlyFinished = pods.filter { pod in
            ["Succeeded", "Failed"].contains(WorkloadPod.phase(pod))
                && (pod[path: ["metadata", "finalizers"]]?.elements ?? []).contains(.string(Self.trackingFinalizer))
        }
        if !newlyFinished.isEmpty {
            let succeededUIDs = newlyFinished.filter { WorkloadPod.phase($0) == "Succeeded" }.map { JSONValue.string(WorkloadObject.uid($0)) }
            let failedUIDs = newlyFinished.filter { WorkloadPod.phase($0) == "Failed" }.map { JSONValue.string(WorkloadObject.uid($0)) }
            var uncounted: [JSONMember] = []
            if !succeededUIDs.isEmpty { uncounted.append(JSONMember("succeeded", .array(succeededUIDs))) }
            if !failedUIDs.isEmpty { uncounted.append(JSONMember("failed", .array(failedUIDs))) }
            status.set(.object(uncounted), at: "uncountedTerminatedPods")
            status = Self.withCounts(status, pods: pods, job: job, api: api)
            if try await api.workloadUpdateStatus(job, status: status) { wrote = true }
            for pod in newlyFinished {
                var released = pod
                let rest = (pod[path: ["metadata", "finalizers"]]?.elements ?? []).filter { $0 != .string(Self.trackingFinalizer) }
                if rest.isEmpty { released.remove(at: "metadata", "finalizers") } else { released.set(.array(rest), at: "metadata", "finalizers") }
                if let stored = try? await api.workloadUpdate(released) {
                    pods = pods.map { WorkloadObject.uid($0) == WorkloadObject.uid(stored) ? stored : $0 }
                }
                wrote = true
            }
            status.set(.int((status["succeeded"]?.intValue ?? 0) + Int64(succeededUIDs.count)), at: "succeeded")
            status.set(.int((status["failed"]?.intValue ?? 0) + Int64(failedUIDs.count)), at: "failed")
            status.set(.emptyObject, at: "uncountedTerminatedPods")
            job = try await api.workloadGet("batch/v1", "Job", key) ?? job
        }

        let succeeded = status["succeeded"]?.intValue ?? 0
        let failed = status["failed"]?.intValue ?? 0
        let active = pods.filter(WorkloadPod.isActive)
        let parallelism = WorkloadObject.int(job, "spec", "parallelism") ?? 1
        let completions = WorkloadObject.int(job, "spec", "completions")
        let backoffLimit = WorkloadObject.int(job, "spec", "backoffLimit") ?? 6
        let indexed = job[path: ["spec", "completionMode"]]?.stringValue == "Indexed"
        var conditions = status["conditions"]?.elements ?? []
        if status["startTime"] == nil { status.set(.string(now), at: "startTime") }

        if !Self.finished(job) {
            let succeededCriteria = completions.map { succeeded >= $0 } ?? (succeeded > 0 && active.isEmpty)
            // Without completions, the first success stops new pods; the job ends with the rest.
            let draining = completions == nil && succeeded > 0 && !active.isEmpty
            if draining {
                // nothing to create; wait for the active pods to finish
            } else if failed > backoffLimit {
                conditions = WorkloadConditions.set(conditions, type: "FailureTarget", status: "True", reason: "BackoffLimitExceeded",
                                                    message: "Job has reached the specified backoff limit", now: now, withProbeTime: true)
                for pod in active { try await deletePod(pod, api: api) }
                if active.isEmpty {
                    conditions = WorkloadConditions.set(conditions, type: "Failed", status: "True", reason: "BackoffLimitExceeded",
                                                        message: "Job has reached the specified backoff limit", now: now, withProbeTime: true)
                    await recorder.record(api, about: job, type: "Warning", reason: "BackoffLimitExceeded",
                                                  message: "Job has reached the specified backoff limit")
                }
            } else if succeededCriteria {
                if api.kubeVersion >= KubeVersion(major: 1, minor: 31) {
                    conditions = WorkloadConditions.set(conditions, type: "SuccessCriteriaMet", status: "True", reason: "CompletionsReached",
                                                        message: "Reached expected number of succeeded pods", now: now, withProbeTime: true)
                }
                for pod in active { try await deletePod(pod, api: api) }
                if active.isEmpty {
                    conditions = WorkloadConditions.set(conditions, type: "Complete", status: "True", reason: "CompletionsReached",
                                                        message: "Reached expected number of succeeded pods", now: now, withProbeTime: true)
                    status.set(.string(now), at: "completionTime")
                    await recorder.record(api, about: job, reason: "Completed", message: "Job completed")
                }
            } else if job[path: ["spec", "suspend"]]?.boolValue != true {
                let wantActive = min(parallelism, (completions ?? parallelism) - (completions == nil ? 0 : succeeded))
                var missing = wantActive - Int64(active.count)
                var usedIndexes = Set(pods.filter { WorkloadPod.isActive($0) || WorkloadPod.phase($0) == "Succeeded" }
                    .compactMap { Int64($0[path: ["metadata", "annotations", Self.indexKey]]?.stringValue ?? "") })
                var nextIndex: Int64 = 0
                while missing > 0 {
                    var extraLabels: [(String, String)] = []
                    var extraAnnotations: [(String, String)] = []
                    var generateName = key.name + "-"
                    var hostname: String?
                    if indexed {
                        while usedIndexes.contains(nextIndex) { nextIndex += 1 }
                        if let completions, nextIndex >= completions { break }
                        usedIndexes.insert(nextIndex)
                        extraAnnotations.append((Self.indexKey, String(nextIndex)))
                        extraLabels.append((Self.indexKey, String(nextIndex)))
                        generateName = "\(key.name)-\(nextIndex)-"
                        hostname = "\(key.name)-\(nextIndex)"
                    }
                    var pod = WorkloadPod.fromTemplate(job[path: ["spec", "template"]] ?? .emptyObject, owner: job, generateName: generateName,
                                                       extraLabels: extraLabels, extraAnnotations: extraAnnotations,
                                                       finalizers: [Self.trackingFinalizer])
                    if let hostname { pod.set(.string(hostname), at: "spec", "hostname") }
                    let created = try await api.create(pod, manager: WorkloadControllers.manager)
                    pods.append(created)
                    await recorder.record(api, about: job, reason: "SuccessfulCreate", message: "Created pod: \(WorkloadObject.name(created))")
                    wrote = true
                    missing -= 1
                }
            }
        }
        if !conditions.isEmpty { status.set(.array(conditions), at: "conditions") }
        status = Self.withCounts(status, pods: pods, job: job, api: api)
        if try await api.workloadUpdateStatus(job, status: status) { wrote = true }
        return wrote
    }

    private func deletePod(_ pod: JSONValue, api: APIServer) async throws {
        _ = try? await api.delete(try api.resource(apiVersion: "v1", kind: "Pod"), namespace: WorkloadObject.namespace(pod),
                                  name: WorkloadObject.name(pod), options: DeleteOptions(preconditionUID: WorkloadObject.uid(pod)),
                                  manager: WorkloadControllers.manager)
    }

    /// JobStatus in field order: conditions, startTime, completionTime, active, succeeded, failed,
    /// terminating (JobPodReplacementPolicy, 1.29+), uncountedTerminatedPods, ready.
    static func withCounts(_ status: JSONValue, pods: [JSONValue], job: JSONValue, api: APIServer) -> JSONValue {
        let active = pods.filter(WorkloadPod.isActive)
        var members: [JSONMember] = []
        for field in ["conditions", "startTime", "completionTime"] { if let v = status[field] { members.append(JSONMember(field, v)) } }
        members.append(JSONMember("active", .int(active.count)))
        members.append(JSONMember("succeeded", status["succeeded"] ?? .int(0)))
        members.append(JSONMember("failed", status["failed"] ?? .int(0)))
        if api.kubeVersion >= KubeVersion(major: 1, minor: 29) {
            let terminating = pods.filter { WorkloadObject.isDeleting($0) && !["Succeeded", "Failed"].contains(WorkloadPod.phase($0)) }
            members.append(JSONMember("terminating", .int(terminating.count)))
        }
        members.append(JSONMember("uncountedTerminatedPods", status["uncountedTerminatedPods"] ?? .emptyObject))
        members.append(JSONMember("ready", .int(active.filter(WorkloadPod.isReady).count)))
        return .object(members)
    }
}
