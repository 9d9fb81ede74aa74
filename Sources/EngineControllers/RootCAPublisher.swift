import EngineAPI
import EngineKit
import GoJSON

/// The root-ca-cert-publisher: every active namespace has the ConfigMap `kube-root-ca.crt`
/// holding the cluster CA (`ca.crt`), which the kube-api-access projected volume mounts.
final class RootCAPublisher: WorkloadQueueController {
    static let configMapName = "kube-root-ca.crt"
    /// The description upstream puts on the ConfigMap (recalled, not re-read in source).
    static let description = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."

    let caPEM: String

    init(caPEM: String) {
        self.caPEM = caPEM
        super.init(name: "root-ca-cert-publisher")
    }

    override var watchedKinds: [(String, String)] { [("v1", "Namespace"), ("v1", "ConfigMap")] }

    override func initialKeys(api: APIServer) async throws -> [WorkloadKey] {
        try await api.workloadList("v1", "Namespace").map { WorkloadKey(namespace: "", name: WorkloadObject.name($0)) }
    }

    override func keys(for event: APIWatchEvent, api: APIServer) -> [WorkloadKey] {
        if event.resource.kind == "Namespace" {
            return event.kind == .deleted ? [] : [WorkloadKey(namespace: "", name: WorkloadObject.name(event.object))]
        }
        guard WorkloadObject.name(event.object) == Self.configMapName else { return [] }
        return [WorkloadKey(namespace: "", name: WorkloadObject.namespace(event.object))]
    }

    override func reconcile(_ key: WorkloadKey, api: APIServer) async throws -> Bool {
        guard let namespace = try await api.workloadGet("v1", "Namespace", key), NamespaceController.isActive(namespace) else { return false }
        let data = JSONValue.object([JSONMember("ca.crt", .string(caPEM))])
        let annotations = JSONValue.object([JSONMember("kubernetes.io/description", .string(Self.description))])
        let existing = try await api.workloadGet("v1", "ConfigMap", WorkloadKey(namespace: key.name, name: Self.configMapName))
        if let existing {
            return try await refresh(existing, data: data, api: api)
        }
        let configMap = JSONValue.object([
            JSONMember("apiVersion", .string("v1")),
            JSONMember("kind", .string("ConfigMap")),
            JSONMember("metadata", .object([
                JSONMember("name", .string(Self.configMapName)),
                JSONMember("namespace", .string(key.name)),
                JSONMember("annotations", annotations),
            ])),
            JSONMember("data", data),
        ])
        return await (try? api.create(configMap, manager: WorkloadControllers.manager)) != nil
    }

    /// A ConfigMap someone changed gets the CA and the description back.
    private func refresh(_ existing: JSONValue, data: JSONValue, api: APIServer) async throws -> Bool {
        if existing["data"] == data, existing[path: ["metadata", "annotations", "kubernetes.io/description"]]?.stringValue == Self.description {
            return false
        }
        var updated = existing
        updated.set(data, at: "data")
        updated.set(.string(Self.description), at: ["metadata", "annotations", "kubernetes.io/description"])
        _ = try await api.workloadUpdate(updated)
        return true
    }
}
