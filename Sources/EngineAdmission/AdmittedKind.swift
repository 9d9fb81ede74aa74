import KubeResources

/// The kinds whose kube-apiserver behaviour this module reproduces, identified by API group and kind.
enum AdmittedKind: Equatable {
    case pod, podTemplate, replicationController
    case deployment, replicaSet, statefulSet, daemonSet, controllerRevision
    case job, cronJob
    case service, endpoints, endpointSlice
    case namespace, configMap, secret, serviceAccount, node, event, eventsV1
    case lease, priorityClass
    case clusterRole, clusterRoleBinding, role, roleBinding
    case flowSchema, priorityLevelConfiguration
    case apiService, csiNode, serviceCIDR, ipAddress
    case persistentVolumeClaim, persistentVolume
    case other

    init(_ resource: ResourceInfo) {
        self = Self.table[resource.group + "/" + resource.kind] ?? .other
    }

    private static let table: [String: AdmittedKind] = [
        "/Pod": .pod, "/PodTemplate": .podTemplate, "/ReplicationController": .replicationController,
        "apps/Deployment": .deployment, "apps/ReplicaSet": .replicaSet, "apps/StatefulSet": .statefulSet,
        "apps/DaemonSet": .daemonSet, "apps/ControllerRevision": .controllerRevision,
        "extensions/Deployment": .deployment, "extensions/ReplicaSet": .replicaSet, "extensions/DaemonSet": .daemonSet,
        "batch/Job": .job, "batch/CronJob": .cronJob,
        "/Service": .service, "/Endpoints": .endpoints, "discovery.k8s.io/EndpointSlice": .endpointSlice,
        "/Namespace": .namespace, "/ConfigMap": .configMap, "/Secret": .secret, "/ServiceAccount": .serviceAccount,
        "/Node": .node, "/Event": .event, "events.k8s.io/Event": .eventsV1,
        "coordination.k8s.io/Lease": .lease, "scheduling.k8s.io/PriorityClass": .priorityClass,
        "rbac.authorization.k8s.io/ClusterRole": .clusterRole,
        "rbac.authorization.k8s.io/ClusterRoleBinding": .clusterRoleBinding,
        "rbac.authorization.k8s.io/Role": .role, "rbac.authorization.k8s.io/RoleBinding": .roleBinding,
        "flowcontrol.apiserver.k8s.io/FlowSchema": .flowSchema,
        "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration": .priorityLevelConfiguration,
        "apiregistration.k8s.io/APIService": .apiService, "storage.k8s.io/CSINode": .csiNode,
        "networking.k8s.io/ServiceCIDR": .serviceCIDR, "networking.k8s.io/IPAddress": .ipAddress,
        "/PersistentVolumeClaim": .persistentVolumeClaim, "/PersistentVolume": .persistentVolume,
    ]

    /// The kinds whose spec carries a pod template at spec.template.
    var podTemplatePath: [String]? {
        switch self {
        case .deployment, .replicaSet, .statefulSet, .daemonSet, .job, .replicationController: return ["spec", "template"]
        case .podTemplate: return ["template"]
        case .cronJob: return ["spec", "jobTemplate", "spec", "template"]
        default: return nil
        }
    }
}
