import EngineKit
import GoJSON
import KubeCodec

/// The local APIServices kube-apiserver registers with its aggregator on start: one per
/// group/version served by default, with the priorities of kube-apiserver's fixed table.
///
/// Verified: the 1.27/1.28 set (notes, D1 dump); the naming `<version>.<group>` (`v1.` for core).
/// From recollection [U]: the priority numbers; the 1.33+ sets are derived from which GA
/// group/versions exist (flowcontrol v1 only from 1.32, resource.k8s.io/v1 from 1.34); beta
/// APIs are off by default and add nothing.
enum APIServicePriorities {
    struct Entry {
        var group: String
        var version: String
        var groupPriorityMinimum: Int
        var versionPriority: Int
        var since: KubeVersion? = nil
    }

    static let table: [Entry] = [
        Entry(group: "", version: "v1", groupPriorityMinimum: 18000, versionPriority: 1),
        Entry(group: "admissionregistration.k8s.io", version: "v1", groupPriorityMinimum: 16700, versionPriority: 15),
        Entry(group: "apiextensions.k8s.io", version: "v1", groupPriorityMinimum: 16700, versionPriority: 15),
        Entry(group: "apps", version: "v1", groupPriorityMinimum: 17800, versionPriority: 15),
        Entry(group: "authentication.k8s.io", version: "v1", groupPriorityMinimum: 17700, versionPriority: 15),
        Entry(group: "authorization.k8s.io", version: "v1", groupPriorityMinimum: 17600, versionPriority: 15),
        Entry(group: "autoscaling", version: "v1", groupPriorityMinimum: 17500, versionPriority: 15),
        Entry(group: "autoscaling", version: "v2", groupPriorityMinimum: 17500, versionPriority: 30),
        Entry(group: "batch", version: "v1", groupPriorityMinimum: 17400, versionPriority: 15),
        Entry(group: "certificates.k8s.io", version: "v1", groupPriorityMinimum: 17300, versionPriority: 15),
        Entry(group: "coordination.k8s.io", version: "v1", groupPriorityMinimum: 16500, versionPriority: 15),
        Entry(group: "discovery.k8s.io", version: "v1", groupPriorityMinimum: 16200, versionPriority: 15),
        Entry(group: "events.k8s.io", version: "v1", groupPriorityMinimum: 17750, versionPriority: 15),
        Entry(group: "flowcontrol.apiserver.k8s.io", version: "v1", groupPriorityMinimum: 16100, versionPriority: 21),
        Entry(group: "networking.k8s.io", version: "v1", groupPriorityMinimum: 17200, versionPriority: 15),
        Entry(group: "node.k8s.io", version: "v1", groupPriorityMinimum: 16300, versionPriority: 15),
        Entry(group: "policy", version: "v1", groupPriorityMinimum: 17100, versionPriority: 15),
        Entry(group: "rbac.authorization.k8s.io", version: "v1", groupPriorityMinimum: 17000, versionPriority: 15),
        Entry(group: "resource.k8s.io", version: "v1", groupPriorityMinimum: 16200, versionPriority: 15,
              since: KubeVersion(major: 1, minor: 34)),
        Entry(group: "scheduling.k8s.io", version: "v1", groupPriorityMinimum: 16600, versionPriority: 15),
        Entry(group: "storage.k8s.io", version: "v1", groupPriorityMinimum: 16800, versionPriority: 15),
    ]

    static let managedLabel = "kube-aggregator.kubernetes.io/automanaged"

    /// APIService objects without status (the runner sets Available=True).
    static func apiServices(for version: KubeVersion) -> [JSONValue] {
        table.filter { entry in entry.since.map { version >= $0 } ?? true }.map { entry in
            .object([
                JSONMember("apiVersion", .string("apiregistration.k8s.io/v1")),
                JSONMember("kind", .string("APIService")),
                JSONMember("metadata", .object([
                    JSONMember("name", .string(entry.version + "." + entry.group)),
                    JSONMember("labels", .object([JSONMember(managedLabel, .string("onstart"))])),
                ])),
                JSONMember("spec", .object([
                    JSONMember("group", .string(entry.group)),
                    JSONMember("version", .string(entry.version)),
                    JSONMember("groupPriorityMinimum", .int(entry.groupPriorityMinimum)),
                    JSONMember("versionPriority", .int(entry.versionPriority)),
                ])),
            ])
        }
    }
}
