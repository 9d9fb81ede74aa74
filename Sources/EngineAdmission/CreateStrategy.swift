import EngineKit
import GoJSON

/// The registry strategies' PrepareForCreate / PrepareForUpdate: what the store itself changes
/// before validation, whatever the request said.
enum CreateStrategy {
    static func prepareForCreate(_ object: inout JSONValue, kind: AdmittedKind) {
        switch kind {
        case .deployment, .replicaSet, .statefulSet, .daemonSet, .cronJob, .replicationController,
             .flowSchema, .priorityLevelConfiguration, .apiService:
            object.set(.emptyObject, at: "status")
        case .job:
            JobSelector.generateIfNeeded(&object)
            object.set(.emptyObject, at: "status")
        case .pod:
            preparePod(&object)
        case .service:
            object.set(.object(["loadBalancer": .emptyObject]), at: "status")
        case .namespace:
            prepareNamespace(&object)
        default:
            break
        }
    }

    static func prepareForUpdate(_ object: inout JSONValue, old: JSONValue, kind: AdmittedKind) {
        switch kind {
        case .namespace:
            // Finalizers change only through the finalize subresource.
            if let finalizers = old[path: "spec", "finalizers"] {
                object.set(finalizers, at: "spec", "finalizers")
            } else {
                object.remove(at: "spec", "finalizers")
            }
            if let name = object.string("metadata", "name") {
                object.set(.string(name), at: "metadata", "labels", NamespaceLifecycle.nameLabel)
            }
        default:
            break
        }
    }

    private static func preparePod(_ pod: inout JSONValue) {
        let qos = PodQOS.classify(pod["spec"] ?? .null)
        var status = JSONValue.object(["phase": .string("Pending")])
        // Pods held by scheduling gates say so from the start; the condition's transition time is
        // the strategy's "now", which is the creation time the API server has just stamped.
        if !pod.array("spec", "schedulingGates").isEmpty {
            let now = pod[path: "metadata", "creationTimestamp"] ?? .null
            status.set(.array([.object([
                "type": .string("PodScheduled"), "status": .string("False"), "lastProbeTime": .null,
                "lastTransitionTime": now, "reason": .string("SchedulingGated"),
                "message": .string("Scheduling is blocked due to non-empty scheduling gates"),
            ])]), at: "conditions")
        }
        status.set(.string(qos), at: "qosClass")
        pod.set(status, at: "status")
    }

    private static func prepareNamespace(_ ns: inout JSONValue) {
        ns.set(.object(["phase": .string("Active")]), at: "status")
        var finalizers = ns.array("spec", "finalizers")
        if !finalizers.contains(.string("kubernetes")) { finalizers.append(.string("kubernetes")) }
        ns.set(.array(finalizers), at: "spec", "finalizers")
        // Canonicalize: generateName namespaces get the label once their name is known.
        if let name = ns.string("metadata", "name"), !name.isEmpty {
            ns.set(.string(name), at: "metadata", "labels", NamespaceLifecycle.nameLabel)
        }
    }
}

/// The Job strategy's generated selector: unless manualSelector is true, the template is labelled
/// with the job's name and uid (legacy and batch.kubernetes.io/ keys) and the selector matches the uid.
enum JobSelector {
    static func generateIfNeeded(_ job: inout JSONValue) {
        guard job[path: "spec", "manualSelector"]?.boolValue != true else { return }
        let name = job.string("metadata", "name") ?? ""
        let uid = job.string("metadata", "uid") ?? ""
        let labels: [(String, String)] = [
            ("job-name", name), ("batch.kubernetes.io/job-name", name),
            ("controller-uid", uid), ("batch.kubernetes.io/controller-uid", uid),
        ]
        for (key, value) in labels where job[path: ["spec", "template", "metadata", "labels", key]] == nil {
            job.set(.string(value), at: ["spec", "template", "metadata", "labels", key])
        }
        if job[path: ["spec", "selector", "matchLabels", "batch.kubernetes.io/controller-uid"]] == nil {
            job.set(.string(uid), at: ["spec", "selector", "matchLabels", "batch.kubernetes.io/controller-uid"])
        }
    }
}
