import EngineKit
import GoJSON

/// Scheme defaults of the small kinds: Secret, Namespace, Node, PriorityClass, PersistentVolume(Claim).
enum CoreObjectDefaults {
    static func secret(_ s: inout JSONValue) {
        if (s.string("type") ?? "").isEmpty { s.set(.string("Opaque"), at: "type") }
    }

    /// The kubernetes.io/metadata.name label (only for named namespaces: generateName has no
    /// name yet at decode time, the strategy sets it then) and status phase Active.
    static func namespace(_ n: inout JSONValue) {
        if let name = n.string("metadata", "name"), !name.isEmpty {
            n.set(.string(name), at: "metadata", "labels", NamespaceLifecycle.nameLabel)
        }
        if (n.string("status", "phase") ?? "").isEmpty { n.set(.string("Active"), at: "status", "phase") }
    }

    /// Allocatable copies capacity when only capacity is reported.
    static func node(_ n: inout JSONValue) {
        ResourceListDefaults.apply(to: &n, at: ["status", "capacity"])
        ResourceListDefaults.apply(to: &n, at: ["status", "allocatable"])
        if !n.has("status", "allocatable"), let capacity = n[path: "status", "capacity"], capacity != .null {
            n.set(capacity, at: "status", "allocatable")
        }
    }

    static func priorityClass(_ p: inout JSONValue) {
        p.setDefault(.string("PreemptLowerPriority"), at: "preemptionPolicy")
    }

    static func persistentVolumeClaim(_ c: inout JSONValue) {
        ResourceListDefaults.apply(to: &c, at: ["spec", "resources", "requests"])
        ResourceListDefaults.apply(to: &c, at: ["spec", "resources", "limits"])
        if (c.string("status", "phase") ?? "").isEmpty { c.set(.string("Pending"), at: "status", "phase") }
        c.setDefault(.string("Filesystem"), at: "spec", "volumeMode")
    }

    static func persistentVolume(_ v: inout JSONValue) {
        if (v.string("status", "phase") ?? "").isEmpty { v.set(.string("Pending"), at: "status", "phase") }
        if (v.string("spec", "persistentVolumeReclaimPolicy") ?? "").isEmpty {
            v.set(.string("Retain"), at: "spec", "persistentVolumeReclaimPolicy")
        }
        v.setDefault(.string("Filesystem"), at: "spec", "volumeMode")
    }
}

/// rbac/v1 defaults: roleRef.apiGroup and each subject's apiGroup by subject kind.
enum RBACDefaults {
    static let group = "rbac.authorization.k8s.io"

    static func binding(_ b: inout JSONValue) {
        if b.has("roleRef"), (b.string("roleRef", "apiGroup") ?? "").isEmpty {
            b.set(.string(group), at: "roleRef", "apiGroup")
        }
        b.forEachObject(at: ["subjects"]) { subject in
            guard (subject.string("apiGroup") ?? "").isEmpty else { return }
            switch subject.string("kind") {
            case "ServiceAccount": subject.set(.string(""), at: "apiGroup")
            case "User", "Group": subject.set(.string(group), at: "apiGroup")
            default: break
            }
        }
    }
}

/// flowcontrol.apiserver.k8s.io/v1 defaults.
enum FlowControlDefaults {
    static func flowSchema(_ f: inout JSONValue) {
        if (f[path: "spec", "matchingPrecedence"]?.intValue ?? 0) == 0 {
            f.set(.int(1000), at: "spec", "matchingPrecedence")
        }
    }

    static func priorityLevel(_ p: inout JSONValue) {
        if p.has("spec", "limited") {
            p.setDefault(.int(30), at: "spec", "limited", "nominalConcurrencyShares")
            p.setDefault(.int(0), at: "spec", "limited", "lendablePercent")
            if p.has("spec", "limited", "limitResponse", "queuing") {
                for (field, value) in [("handSize", 8), ("queues", 64), ("queueLengthLimit", 50)]
                where (p[path: ["spec", "limited", "limitResponse", "queuing", field]]?.intValue ?? 0) == 0 {
                    p.set(.int(value), at: ["spec", "limited", "limitResponse", "queuing", field])
                }
            }
        }
        if p.has("spec", "exempt") {
            p.setDefault(.int(0), at: "spec", "exempt", "nominalConcurrencyShares")
            p.setDefault(.int(0), at: "spec", "exempt", "lendablePercent")
        }
    }
}
