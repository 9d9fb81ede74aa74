import EngineAPI
import EngineBootstrap
import GoJSON
import KubeCodec

/// With `--use-service-account-credentials` (kubeadm sets it) kube-controller-manager creates a
/// ServiceAccount in kube-system for each controller it starts, named after the controller's
/// bootstrap role (`system:controller:<name>`). The cloud controllers (route, service) do not
/// run without a cloud provider; bootstrap-signer and token-cleaner run with kubeadm's flags.
enum ControllerServiceAccounts {
    static let notRunning: Set<String> = ["route-controller", "service-controller"]
    static let namespaceRoleControllers = ["bootstrap-signer", "token-cleaner"]

    static func names(for version: KubeVersion) -> [String] {
        let roles = BootstrapObjects.apiserverObjects(for: version).compactMap { item -> String? in
            guard item.object["kind"]?.stringValue == "ClusterRole",
                  let name = item.object[path: ["metadata", "name"]]?.stringValue,
                  name.hasPrefix("system:controller:") else { return nil }
            return String(name.dropFirst("system:controller:".count))
        }
        return (roles.filter { !notRunning.contains($0) } + namespaceRoleControllers).sorted()
    }

    static func objects(for version: KubeVersion) -> [JSONValue] {
        names(for: version).map { name in
            .object([
                JSONMember("apiVersion", .string("v1")),
                JSONMember("kind", .string("ServiceAccount")),
                JSONMember("metadata", .object([
                    JSONMember("name", .string(name)),
                    JSONMember("namespace", .string("kube-system")),
                ])),
            ])
        }
    }
}
