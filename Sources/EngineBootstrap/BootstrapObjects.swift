import EngineKit
import GoJSON
import KubeCodec

/// One object a fresh kube-apiserver writes by itself, with the managedFields manager real
/// clusters show for it. The object has apiVersion, kind, metadata (name, namespace when
/// namespaced, labels, annotations) and content; the API server adds uid, timestamps,
/// resourceVersion and managedFields.
public struct BootstrapObject: Sendable {
    public var object: JSONValue
    public var manager: String

    public init(object: JSONValue, manager: String) {
        self.object = object
        self.manager = manager
    }
}

/// The cluster-specific inputs of the bootstrap objects.
public struct BootstrapSettings: Sendable {
    /// `--requestheader-*` flags (front proxy); kubeadm sets all of them.
    public struct RequestHeader: Sendable {
        public var clientCAPEM: String
        public var allowedNames: [String]
        public var extraHeaderPrefixes: [String]
        public var groupHeaders: [String]
        public var usernameHeaders: [String]
        /// Empty: the `requestheader-uid-headers` key is not written.
        public var uidHeaders: [String]

        public init(clientCAPEM: String, allowedNames: [String] = ["front-proxy-client"],
                    extraHeaderPrefixes: [String] = ["X-Remote-Extra-"], groupHeaders: [String] = ["X-Remote-Group"],
                    usernameHeaders: [String] = ["X-Remote-User"], uidHeaders: [String] = []) {
            self.clientCAPEM = clientCAPEM
            self.allowedNames = allowedNames
            self.extraHeaderPrefixes = extraHeaderPrefixes
            self.groupHeaders = groupHeaders
            self.usernameHeaders = usernameHeaders
            self.uidHeaders = uidHeaders
        }
    }

    public var hostname: String
    /// `--client-ca-file` contents.
    public var clientCAPEM: String
    /// nil: no request-header flags, only `client-ca-file` is written.
    public var requestHeader: RequestHeader?
    /// The `since` date (`YYYY-MM-DD`) of the legacy token tracking ConfigMap.
    public var legacyTokenTrackingSince: String
    /// RBAC authorization on (`--authorization-mode` includes RBAC); off: no RBAC objects.
    public var rbacEnabled: Bool

    /// Placeholder PEM text: syntactically a certificate block, not a usable certificate.
    public static let placeholderCAPEM = "-----BEGIN CERTIFICATE-----\nMIIBfixture\n-----END CERTIFICATE-----\n"

    public init(hostname: String = "kind-control-plane", clientCAPEM: String = BootstrapSettings.placeholderCAPEM,
                requestHeader: RequestHeader? = RequestHeader(clientCAPEM: BootstrapSettings.placeholderCAPEM),
                legacyTokenTrackingSince: String = "2026-06-01", rbacEnabled: Bool = true) {
        self.hostname = hostname
        self.clientCAPEM = clientCAPEM
        self.requestHeader = requestHeader
        self.legacyTokenTrackingSince = legacyTokenTrackingSince
        self.rbacEnabled = rbacEnabled
    }
}

public enum BootstrapObjects {
    public static let apiserverManager = "kube-apiserver"
    public static let flowControlManager = "api-priority-and-fairness-config-producer-v1"

    /// Everything kube-apiserver's post-start hooks create in an empty etcd, for `version`
    /// (1.33–1.36 are described; other versions get the nearest description): namespaces,
    /// priority classes, APF configuration, bootstrap RBAC, the kube-system ConfigMaps and the
    /// local APIServices, in that order.
    public static func apiserverObjects(for version: KubeVersion, settings: BootstrapSettings = BootstrapSettings()) -> [BootstrapObject] {
        var out: [BootstrapObject] = []
        func add(_ objects: [JSONValue], _ manager: String = apiserverManager) {
            out += objects.map { BootstrapObject(object: $0, manager: manager) }
        }
        add(SystemObjects.namespaces())
        add(SystemObjects.priorityClasses())
        add(FlowControlDefaults.priorityLevels(), flowControlManager)
        add(FlowControlDefaults.flowSchemas(for: version), flowControlManager)
        if settings.rbacEnabled { add(rbacObjects(for: version)) }
        add([SystemObjects.extensionAPIServerAuthentication(settings), SystemObjects.legacyTokenTracking(settings)])
        add(APIServicePriorities.apiServices(for: version))
        return out
    }

    /// ClusterRoles (general, then controller roles), ClusterRoleBindings (general, then one per
    /// controller role), Roles and RoleBindings, as the rbac/bootstrap-roles hook reconciles them.
    static func rbacObjects(for version: KubeVersion) -> [JSONValue] {
        let table = RBACPolicyTable(version: version)
        do {
            let clusterRoles = try table.roles(RBACPolicyData.clusterRoles)
            let controllerRoles = try table.roles(RBACPolicyData.controllerRoles)
            let clusterBindings = try table.bindings(RBACPolicyData.clusterRoleBindings)
            let controllerBindings = controllerRoles.compactMap(RBACPolicyTable.controllerBinding(for:))
            let roles = try table.roles(RBACPolicyData.namespaceRoles)
            let roleBindings = try table.bindings(RBACPolicyData.namespaceRoleBindings)
            return clusterRoles + controllerRoles + clusterBindings + controllerBindings + roles + roleBindings
        } catch {
            // The table is compiled-in data covered by the tests; a parse failure is a bug.
            preconditionFailure(error.description)
        }
    }
}
