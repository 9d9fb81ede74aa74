import EngineKit
import GoJSON
import KubeCodec

/// apps/v1 and batch/v1 scheme defaults (SetDefaults_Deployment, _ReplicaSet, _StatefulSet,
/// _DaemonSet, _Job, _CronJob, core _ReplicationController), plus the PodSpec defaults of their
/// templates.
enum WorkloadDefaults {
    /// JobPodReplacementPolicy is beta (on) from 1.29; the same release line defaults manualSelector.
    static let podReplacementPolicySince = KubeVersion(major: 1, minor: 29)

    static func apply(to object: inout JSONValue, kind: AdmittedKind, kubeVersion: KubeVersion) {
        switch kind {
        case .deployment: deployment(&object)
        case .replicaSet: object.setDefault(.int(1), at: "spec", "replicas")
        case .statefulSet: statefulSet(&object)
        case .daemonSet: daemonSet(&object)
        case .job: job(&object, kubeVersion: kubeVersion)
        case .cronJob: cronJob(&object)
        case .replicationController: replicationController(&object)
        default: break
        }
        if let template = kind.podTemplatePath, object.has(template + ["spec"]) {
            var spec = object[path: template + ["spec"]] ?? .null
            PodSpecDefaults.apply(to: &spec, kubeVersion: kubeVersion)
            object.set(spec, at: template + ["spec"])
        }
    }

    private static func deployment(_ d: inout JSONValue) {
        d.setDefault(.int(1), at: "spec", "replicas")
        if (d.string("spec", "strategy", "type") ?? "").isEmpty {
            d.set(.string("RollingUpdate"), at: "spec", "strategy", "type")
        }
        if d.string("spec", "strategy", "type") == "RollingUpdate" {
            d.setDefault(.string("25%"), at: "spec", "strategy", "rollingUpdate", "maxUnavailable")
            d.setDefault(.string("25%"), at: "spec", "strategy", "rollingUpdate", "maxSurge")
        }
        d.setDefault(.int(10), at: "spec", "revisionHistoryLimit")
        d.setDefault(.int(600), at: "spec", "progressDeadlineSeconds")
    }

    private static func statefulSet(_ s: inout JSONValue) {
        if (s.string("spec", "podManagementPolicy") ?? "").isEmpty {
            s.set(.string("OrderedReady"), at: "spec", "podManagementPolicy")
        }
        if (s.string("spec", "updateStrategy", "type") ?? "").isEmpty {
            s.set(.string("RollingUpdate"), at: "spec", "updateStrategy", "type")
            s.setDefault(.emptyObject, at: "spec", "updateStrategy", "rollingUpdate")
        }
        if s.string("spec", "updateStrategy", "type") == "RollingUpdate", s.has("spec", "updateStrategy", "rollingUpdate") {
            s.setDefault(.int(0), at: "spec", "updateStrategy", "rollingUpdate", "partition")
        }
        // StatefulSetAutoDeletePVC: beta (on) since 1.27, GA in 1.32.
        for field in ["whenDeleted", "whenScaled"] where (s.string("spec", "persistentVolumeClaimRetentionPolicy", field) ?? "").isEmpty {
            s.set(.string("Retain"), at: ["spec", "persistentVolumeClaimRetentionPolicy", field])
        }
        s.setDefault(.int(1), at: "spec", "replicas")
        s.setDefault(.int(10), at: "spec", "revisionHistoryLimit")
        s.forEachObject(at: ["spec", "volumeClaimTemplates"]) { claim in
            if (claim.string("status", "phase") ?? "").isEmpty { claim.set(.string("Pending"), at: "status", "phase") }
            claim.setDefault(.string("Filesystem"), at: "spec", "volumeMode")
            ResourceListDefaults.apply(to: &claim, at: ["spec", "resources", "requests"])
            ResourceListDefaults.apply(to: &claim, at: ["spec", "resources", "limits"])
        }
    }

    private static func daemonSet(_ d: inout JSONValue) {
        if (d.string("spec", "updateStrategy", "type") ?? "").isEmpty {
            d.set(.string("RollingUpdate"), at: "spec", "updateStrategy", "type")
        }
        if d.string("spec", "updateStrategy", "type") == "RollingUpdate" {
            d.setDefault(.int(1), at: "spec", "updateStrategy", "rollingUpdate", "maxUnavailable")
            d.setDefault(.int(0), at: "spec", "updateStrategy", "rollingUpdate", "maxSurge")
        }
        d.setDefault(.int(10), at: "spec", "revisionHistoryLimit")
    }

    private static func job(_ j: inout JSONValue, kubeVersion: KubeVersion) {
        if !j.has("spec", "completions") && !j.has("spec", "parallelism") {
            j.set(.int(1), at: "spec", "completions")
            j.set(.int(1), at: "spec", "parallelism")
        }
        j.setDefault(.int(1), at: "spec", "parallelism")
        // With a per-index backoff limit the global one is effectively unlimited.
        j.setDefault(j.has("spec", "backoffLimitPerIndex") ? .int(Int32.max) : .int(6), at: "spec", "backoffLimit")
        if let templateLabels = j[path: "spec", "template", "metadata", "labels"], templateLabels != .null,
           (j[path: "metadata", "labels"]?.members ?? []).isEmpty {
            j.set(templateLabels, at: "metadata", "labels")
        }
        j.setDefault(.string("NonIndexed"), at: "spec", "completionMode")
        j.setDefault(.bool(false), at: "spec", "suspend")
        j.forEachObject(at: ["spec", "podFailurePolicy", "rules"]) { rule in
            rule.forEachObject(at: ["onPodConditions"]) { condition in
                if (condition.string("status") ?? "").isEmpty { condition.set(.string("True"), at: "status") }
            }
        }
        if kubeVersion >= podReplacementPolicySince {
            let policy = j.has("spec", "podFailurePolicy") ? "Failed" : "TerminatingOrFailed"
            j.setDefault(.string(policy), at: "spec", "podReplacementPolicy")
            j.setDefault(.bool(false), at: "spec", "manualSelector")
        }
    }

    private static func cronJob(_ c: inout JSONValue) {
        if (c.string("spec", "concurrencyPolicy") ?? "").isEmpty { c.set(.string("Allow"), at: "spec", "concurrencyPolicy") }
        c.setDefault(.bool(false), at: "spec", "suspend")
        c.setDefault(.int(3), at: "spec", "successfulJobsHistoryLimit")
        c.setDefault(.int(1), at: "spec", "failedJobsHistoryLimit")
    }

    private static func replicationController(_ rc: inout JSONValue) {
        if let labels = rc[path: "spec", "template", "metadata", "labels"], labels != .null {
            if (rc[path: "spec", "selector"]?.members ?? []).isEmpty { rc.set(labels, at: "spec", "selector") }
            if (rc[path: "metadata", "labels"]?.members ?? []).isEmpty { rc.set(labels, at: "metadata", "labels") }
        }
        rc.setDefault(.int(1), at: "spec", "replicas")
    }
}
