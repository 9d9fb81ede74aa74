import EngineKit
import GoJSON
import KubeResources

/// The NamespaceLifecycle admission plugin: no content in namespaces that do not exist, no new
/// content in namespaces being terminated, and the system namespaces cannot be deleted.
enum NamespaceLifecycle {
    static let nameLabel = "kubernetes.io/metadata.name"
    static let immortal: Set<String> = ["default", "kube-system", "kube-public"]
    static let namespaces = ResourceInfo(group: "", storageVersion: "v1", kind: "Namespace", plural: "namespaces",
                                         singular: "namespace", namespaced: false)

    static func admit(_ request: AdmissionRequest, kind: AdmittedKind, context: AdmissionContext) throws(APIError) {
        if kind == .namespace {
            if request.operation == .delete, immortal.contains(request.name) {
                throw .forbidden(Forbidden.message(request, "this namespace may not be deleted"))
            }
            return
        }
        guard request.resource.namespaced, !request.namespace.isEmpty, request.operation != .delete else { return }
        guard let namespace = context.lookup(namespaces, namespace: "", name: request.namespace) else {
            throw .notFound("namespaces", request.namespace)
        }
        if request.operation == .create, namespace.string("status", "phase") == "Terminating" {
            throw .forbidden(Forbidden.message(
                request, "unable to create new content in namespace \(request.namespace) because it is being terminated"))
        }
    }
}

/// admission.NewForbidden's text: `<resource>[.<group>] "<name>" is forbidden: <reason>`.
enum Forbidden {
    static func message(_ request: AdmissionRequest, _ reason: String) -> String {
        "\(request.resource.qualifiedName) \"\(request.name)\" is forbidden: \(reason)"
    }
}
