import EngineAPI
import EngineKit
import GoJSON

/// The serviceaccount controller: every active namespace has a `default` ServiceAccount,
/// recreated if it is deleted. (No token Secrets: those stopped with 1.24.)
final class ServiceAccountController: WorkloadQueueController {
    init() { super.init(name: "serviceaccount-controller") }

    override var watchedKinds: [(String, String)] { [("v1", "Namespace"), ("v1", "ServiceAccount")] }

    override func initialKeys(api: APIServer) async throws -> [WorkloadKey] {
        try await api.workloadList("v1", "Namespace").map { WorkloadKey(namespace: "", name: WorkloadObject.name($0)) }
    }

    override func keys(for event: APIWatchEvent, api: APIServer) -> [WorkloadKey] {
        if event.resource.kind == "Namespace" {
            return event.kind == .deleted ? [] : [WorkloadKey(namespace: "", name: WorkloadObject.name(event.object))]
        }
        guard event.kind == .deleted, WorkloadObject.name(event.object) == "default" else { return [] }
        return [WorkloadKey(namespace: "", name: WorkloadObject.namespace(event.object))]
    }

    override func reconcile(_ key: WorkloadKey, api: APIServer) async throws -> Bool {
        guard let namespace = try await api.workloadGet("v1", "Namespace", key), NamespaceController.isActive(namespace) else { return false }
        if try await api.workloadGet("v1", "ServiceAccount", WorkloadKey(namespace: key.name, name: "default")) != nil { return false }
        let account = JSONValue.object([
            JSONMember("apiVersion", .string("v1")),
            JSONMember("kind", .string("ServiceAccount")),
            JSONMember("metadata", .object([JSONMember("name", .string("default")), JSONMember("namespace", .string(key.name))])),
        ])
        do {
            _ = try await api.create(account, manager: WorkloadControllers.manager)
        } catch where error.reason == .alreadyExists {
            return false
        }
        return true
    }
}
