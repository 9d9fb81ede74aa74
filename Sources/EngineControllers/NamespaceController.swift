import EngineAPI
import EngineKit
import GoJSON
import KubeResources

/// The namespace controller: a namespace being deleted (phase Terminating) loses all its
/// namespaced content, reports progress in the NamespaceDeletion* / *Remaining conditions, and is
/// finalized (spec.finalizers emptied through the `finalize` subresource) once nothing is left.
final class NamespaceController: WorkloadQueueController {
    init() { super.init(name: "namespace-controller") }

    override var watchedKinds: [(String, String)] { [("v1", "Namespace")] }
    override var watchesEverything: Bool { true }

    static func isActive(_ namespace: JSONValue) -> Bool {
        !WorkloadObject.isDeleting(namespace) && namespace[path: ["status", "phase"]]?.stringValue != "Terminating"
    }

    override func initialKeys(api: APIServer) async throws -> [WorkloadKey] {
        try await api.workloadList("v1", "Namespace").filter { !Self.isActive($0) }
            .map { WorkloadKey(namespace: "", name: WorkloadObject.name($0)) }
    }

    private var terminating: Set<String> = []

    override func keys(for event: APIWatchEvent, api: APIServer) -> [WorkloadKey] {
        if event.resource.kind == "Namespace", event.resource.group.isEmpty {
            let name = WorkloadObject.name(event.object)
            if event.kind == .deleted || Self.isActive(event.object) {
                terminating.remove(name)
                return []
            }
            terminating.insert(name)
            return [WorkloadKey(namespace: "", name: name)]
        }
        // Content of a terminating namespace went away or changed (a finalizer removed).
        let ns = WorkloadObject.namespace(event.object)
        guard !ns.isEmpty, terminating.contains(ns) else { return [] }
        return [WorkloadKey(namespace: "", name: ns)]
    }

    /// Namespaced resources, one per storage prefix (core and events.k8s.io Events share one).
    private func namespacedResources(_ api: APIServer) -> [ResourceInfo] {
        var seen: Set<String> = []
        return api.resources.resources.filter { $0.namespaced && !$0.legacy && seen.insert($0.keyPrefix).inserted }
    }

    override func reconcile(_ key: WorkloadKey, api: APIServer) async throws -> Bool {
        guard let namespace = try await api.workloadGet("v1", "Namespace", key), !Self.isActive(namespace) else { return false }
        var wrote = false
        var remaining: [(String, Int)] = []
        var finalizerCounts: [String: Int] = [:]
        for resource in namespacedResources(api) {
            guard let items = try? await api.list(resource, namespace: key.name).items, !items.isEmpty else { continue }
            for item in items where !WorkloadObject.isDeleting(item) {
                _ = try? await api.delete(resource, namespace: key.name, name: WorkloadObject.name(item),
                                          options: DeleteOptions(preconditionUID: WorkloadObject.uid(item)),
                                          manager: WorkloadControllers.manager)
                wrote = true
            }
            let left = (try? await api.list(resource, namespace: key.name).items) ?? []
            if !left.isEmpty { remaining.append((resource.qualifiedName, left.count)) }
            for item in left {
                for f in (item[path: ["metadata", "finalizers"]]?.elements ?? []).compactMap(\.stringValue) { finalizerCounts[f, default: 0] += 1 }
            }
        }
        if try await api.workloadUpdateStatus(namespace, status: status(namespace, remaining: remaining, finalizers: finalizerCounts,
                                                                          now: api.clock.timestamp())) {
            wrote = true
        }
        guard remaining.isEmpty else { return wrote }
        guard var fresh = try await api.workloadGet("v1", "Namespace", key) else { return wrote }
        fresh.set(.array([]), at: "spec", "finalizers")
        _ = try await api.update(fresh, manager: WorkloadControllers.manager, subresource: "finalize")
        return true
    }

    /// status.phase Terminating with the five deletion conditions (messages as upstream's
    /// namespaced_resources_deleter, recalled).
    private func status(_ namespace: JSONValue, remaining: [(String, Int)], finalizers: [String: Int], now: String) -> JSONValue {
        var wanted: [(String, String, String, String)] = [
            ("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered"),
            ("NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
            ("NamespaceDeletionContentFailure", "False", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        ]
        if remaining.isEmpty {
            wanted.append(("NamespaceContentRemaining", "False", "ContentRemoved", "All content successfully removed"))
        } else {
            let list = remaining.sorted { $0.0 < $1.0 }.map { "\($0.0) has \($0.1) resource instances" }.joined(separator: ", ")
            wanted.append(("NamespaceContentRemaining", "True", "SomeResourcesRemain", "Some resources are remaining: " + list))
        }
        if finalizers.isEmpty {
            wanted.append(("NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers", "All content-preserving finalizers finished"))
        } else {
            let list = finalizers.keys.sorted().map { "\($0) in \(finalizers[$0] ?? 0) resource instances" }.joined(separator: ", ")
            wanted.append(("NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain",
                           "Some content in the namespace has finalizers remaining: " + list))
        }
        var conditions = namespace[path: ["status", "conditions"]]?.elements ?? []
        for (type, status, reason, message) in wanted {
            if let i = conditions.firstIndex(where: { $0["type"]?.stringValue == type }) {
                let old = conditions[i]
                if old["status"]?.stringValue == status, old["reason"]?.stringValue == reason, old["message"]?.stringValue == message { continue }
                let transition = old["status"]?.stringValue == status ? (old["lastTransitionTime"] ?? .string(now)) : .string(now)
                conditions[i] = Self.condition(type, status, reason, message, transition)
            } else {
                conditions.append(Self.condition(type, status, reason, message, .string(now)))
            }
        }
        return .object([JSONMember("phase", .string("Terminating")), JSONMember("conditions", .array(conditions))])
    }

    private static func condition(_ type: String, _ status: String, _ reason: String, _ message: String, _ transition: JSONValue) -> JSONValue {
        .object([
            JSONMember("type", .string(type)),
            JSONMember("status", .string(status)),
            JSONMember("lastTransitionTime", transition),
            JSONMember("reason", .string(reason)),
            JSONMember("message", .string(message)),
        ])
    }
}
