/// The built-in resources that kube-apiserver (with its apiextensions and aggregator servers)
/// persists in etcd. Key prefixes follow the apiserver's storage factory: the plural without the
/// group, except the special prefixes compiled into Kubernetes and the servers that store under
/// `<group>/<plural>`. Storage versions are the apiserver's storage versions, not the newest served.
///
/// `scripts/api-kinds.py` lists the kinds in the API reference; the tests check that every
/// persisted kind there has a row here.
public enum BuiltinResources {
    public static let all: [ResourceInfo] = core + apps + batchAndAutoscaling + networking + rbac + storage
        + admission + scheduling + dynamicResources + other + aggregated + legacyExtensions

    static let core: [ResourceInfo] = [
        ResourceInfo(group: "", storageVersion: "v1", kind: "ConfigMap", plural: "configmaps", singular: "configmap", shortNames: ["cm"], namespaced: true),
        ResourceInfo(group: "", storageVersion: "v1", kind: "Endpoints", plural: "endpoints", singular: "endpoints", shortNames: ["ep"], namespaced: true, keyPrefix: "services/endpoints"),
        ResourceInfo(group: "", storageVersion: "v1", kind: "Event", plural: "events", singular: "event", shortNames: ["ev"], namespaced: true),
        ResourceInfo(group: "", storageVersion: "v1", kind: "LimitRange", plural: "limitranges", singular: "limitrange", shortNames: ["limits"], namespaced: true),
        ResourceInfo(group: "", storageVersion: "v1", kind: "Namespace", plural: "namespaces", singular: "namespace", shortNames: ["ns"], namespaced: false),
        ResourceInfo(group: "", storageVersion: "v1", kind: "Node", plural: "nodes", singular: "node", shortNames: ["no"], namespaced: false, keyPrefix: "minions"),
        ResourceInfo(group: "", storageVersion: "v1", kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims", singular: "persistentvolumeclaim", shortNames: ["pvc"], namespaced: true),
        ResourceInfo(group: "", storageVersion: "v1", kind: "PersistentVolume", plural: "persistentvolumes", singular: "persistentvolume", shortNames: ["pv"], namespaced: false),
        ResourceInfo(group: "", storageVersion: "v1", kind: "Pod", plural: "pods", singular: "pod", shortNames: ["po"], namespaced: true),
        ResourceInfo(group: "", storageVersion: "v1", kind: "PodTemplate", plural: "podtemplates", singular: "podtemplate", namespaced: true),
        ResourceInfo(group: "", storageVersion: "v1", kind: "ReplicationController", plural: "replicationcontrollers", singular: "replicationcontroller", shortNames: ["rc"], namespaced: true, keyPrefix: "controllers"),
        ResourceInfo(group: "", storageVersion: "v1", kind: "ResourceQuota", plural: "resourcequotas", singular: "resourcequota", shortNames: ["quota"], namespaced: true),
        ResourceInfo(group: "", storageVersion: "v1", kind: "Secret", plural: "secrets", singular: "secret", namespaced: true),
        ResourceInfo(group: "", storageVersion: "v1", kind: "ServiceAccount", plural: "serviceaccounts", singular: "serviceaccount", shortNames: ["sa"], namespaced: true),
        ResourceInfo(group: "", storageVersion: "v1", kind: "Service", plural: "services", singular: "service", shortNames: ["svc"], namespaced: true, keyPrefix: "services/specs"),
        // Not an API resource: the service IP / node port allocator bitmaps (/registry/ranges/serviceips).
        ResourceInfo(group: "", storageVersion: "v1", kind: "RangeAllocation", plural: "rangeallocations", singular: "rangeallocation", namespaced: false, keyPrefix: "ranges"),
    ]

    static let apps: [ResourceInfo] = [
        ResourceInfo(group: "apps", storageVersion: "v1", kind: "ControllerRevision", plural: "controllerrevisions", singular: "controllerrevision", namespaced: true),
        ResourceInfo(group: "apps", storageVersion: "v1", kind: "DaemonSet", plural: "daemonsets", singular: "daemonset", shortNames: ["ds"], namespaced: true),
        ResourceInfo(group: "apps", storageVersion: "v1", kind: "Deployment", plural: "deployments", singular: "deployment", shortNames: ["deploy"], namespaced: true),
        ResourceInfo(group: "apps", storageVersion: "v1", kind: "ReplicaSet", plural: "replicasets", singular: "replicaset", shortNames: ["rs"], namespaced: true),
        ResourceInfo(group: "apps", storageVersion: "v1", kind: "StatefulSet", plural: "statefulsets", singular: "statefulset", shortNames: ["sts"], namespaced: true),
    ]

    static let batchAndAutoscaling: [ResourceInfo] = [
        ResourceInfo(group: "autoscaling", storageVersion: "v2", kind: "HorizontalPodAutoscaler", plural: "horizontalpodautoscalers", singular: "horizontalpodautoscaler", shortNames: ["hpa"], namespaced: true),
        ResourceInfo(group: "batch", storageVersion: "v1", kind: "CronJob", plural: "cronjobs", singular: "cronjob", shortNames: ["cj"], namespaced: true),
        ResourceInfo(group: "batch", storageVersion: "v1", kind: "Job", plural: "jobs", singular: "job", namespaced: true),
    ]

    static let networking: [ResourceInfo] = [
        ResourceInfo(group: "networking.k8s.io", storageVersion: "v1", kind: "Ingress", plural: "ingresses", singular: "ingress", shortNames: ["ing"], namespaced: true, keyPrefix: "ingress"),
        ResourceInfo(group: "networking.k8s.io", storageVersion: "v1", kind: "IngressClass", plural: "ingressclasses", singular: "ingressclass", namespaced: false),
        ResourceInfo(group: "networking.k8s.io", storageVersion: "v1", kind: "IPAddress", plural: "ipaddresses", singular: "ipaddress", shortNames: ["ip"], namespaced: false),
        ResourceInfo(group: "networking.k8s.io", storageVersion: "v1", kind: "NetworkPolicy", plural: "networkpolicies", singular: "networkpolicy", shortNames: ["netpol"], namespaced: true),
        ResourceInfo(group: "networking.k8s.io", storageVersion: "v1", kind: "ServiceCIDR", plural: "servicecidrs", singular: "servicecidr", namespaced: false),
        ResourceInfo(group: "discovery.k8s.io", storageVersion: "v1", kind: "EndpointSlice", plural: "endpointslices", singular: "endpointslice", namespaced: true),
    ]

    static let rbac: [ResourceInfo] = [
        ResourceInfo(group: "rbac.authorization.k8s.io", storageVersion: "v1", kind: "ClusterRole", plural: "clusterroles", singular: "clusterrole", namespaced: false),
        ResourceInfo(group: "rbac.authorization.k8s.io", storageVersion: "v1", kind: "ClusterRoleBinding", plural: "clusterrolebindings", singular: "clusterrolebinding", namespaced: false),
        ResourceInfo(group: "rbac.authorization.k8s.io", storageVersion: "v1", kind: "Role", plural: "roles", singular: "role", namespaced: true),
        ResourceInfo(group: "rbac.authorization.k8s.io", storageVersion: "v1", kind: "RoleBinding", plural: "rolebindings", singular: "rolebinding", namespaced: true),
    ]

    static let storage: [ResourceInfo] = [
        ResourceInfo(group: "storage.k8s.io", storageVersion: "v1", kind: "CSIDriver", plural: "csidrivers", singular: "csidriver", namespaced: false),
        ResourceInfo(group: "storage.k8s.io", storageVersion: "v1", kind: "CSINode", plural: "csinodes", singular: "csinode", namespaced: false),
        ResourceInfo(group: "storage.k8s.io", storageVersion: "v1", kind: "CSIStorageCapacity", plural: "csistoragecapacities", singular: "csistoragecapacity", namespaced: true),
        ResourceInfo(group: "storage.k8s.io", storageVersion: "v1", kind: "StorageClass", plural: "storageclasses", singular: "storageclass", shortNames: ["sc"], namespaced: false),
        ResourceInfo(group: "storage.k8s.io", storageVersion: "v1", kind: "VolumeAttachment", plural: "volumeattachments", singular: "volumeattachment", namespaced: false),
        ResourceInfo(group: "storage.k8s.io", storageVersion: "v1", kind: "VolumeAttributesClass", plural: "volumeattributesclasses", singular: "volumeattributesclass", shortNames: ["vac"], namespaced: false),
        ResourceInfo(group: "storagemigration.k8s.io", storageVersion: "v1beta1", kind: "StorageVersionMigration", plural: "storageversionmigrations", singular: "storageversionmigration", namespaced: false),
        ResourceInfo(group: "internal.apiserver.k8s.io", storageVersion: "v1alpha1", kind: "StorageVersion", plural: "storageversions", singular: "storageversion", namespaced: false),
    ]

    static let admission: [ResourceInfo] = [
        ResourceInfo(group: "admissionregistration.k8s.io", storageVersion: "v1beta1", kind: "MutatingAdmissionPolicy", plural: "mutatingadmissionpolicies", singular: "mutatingadmissionpolicy", namespaced: false),
        ResourceInfo(group: "admissionregistration.k8s.io", storageVersion: "v1beta1", kind: "MutatingAdmissionPolicyBinding", plural: "mutatingadmissionpolicybindings", singular: "mutatingadmissionpolicybinding", namespaced: false),
        ResourceInfo(group: "admissionregistration.k8s.io", storageVersion: "v1", kind: "MutatingWebhookConfiguration", plural: "mutatingwebhookconfigurations", singular: "mutatingwebhookconfiguration", namespaced: false),
        ResourceInfo(group: "admissionregistration.k8s.io", storageVersion: "v1", kind: "ValidatingAdmissionPolicy", plural: "validatingadmissionpolicies", singular: "validatingadmissionpolicy", namespaced: false),
        ResourceInfo(group: "admissionregistration.k8s.io", storageVersion: "v1", kind: "ValidatingAdmissionPolicyBinding", plural: "validatingadmissionpolicybindings", singular: "validatingadmissionpolicybinding", namespaced: false),
        ResourceInfo(group: "admissionregistration.k8s.io", storageVersion: "v1", kind: "ValidatingWebhookConfiguration", plural: "validatingwebhookconfigurations", singular: "validatingwebhookconfiguration", namespaced: false),
    ]

    static let scheduling: [ResourceInfo] = [
        ResourceInfo(group: "scheduling.k8s.io", storageVersion: "v1", kind: "PriorityClass", plural: "priorityclasses", singular: "priorityclass", shortNames: ["pc"], namespaced: false),
        ResourceInfo(group: "scheduling.k8s.io", storageVersion: "v1alpha3", kind: "Workload", plural: "workloads", singular: "workload", namespaced: true),
        ResourceInfo(group: "scheduling.k8s.io", storageVersion: "v1alpha3", kind: "PodGroup", plural: "podgroups", singular: "podgroup", namespaced: true),
        ResourceInfo(group: "scheduling.k8s.io", storageVersion: "v1alpha3", kind: "CompositePodGroup", plural: "compositepodgroups", singular: "compositepodgroup", namespaced: true),
        ResourceInfo(group: "node.k8s.io", storageVersion: "v1", kind: "RuntimeClass", plural: "runtimeclasses", singular: "runtimeclass", namespaced: false),
        ResourceInfo(group: "policy", storageVersion: "v1", kind: "PodDisruptionBudget", plural: "poddisruptionbudgets", singular: "poddisruptionbudget", shortNames: ["pdb"], namespaced: true),
        ResourceInfo(group: "lifecycle.k8s.io", storageVersion: "v1alpha1", kind: "EvictionRequest", plural: "evictionrequests", singular: "evictionrequest", namespaced: true),
    ]

    static let dynamicResources: [ResourceInfo] = [
        ResourceInfo(group: "resource.k8s.io", storageVersion: "v1", kind: "DeviceClass", plural: "deviceclasses", singular: "deviceclass", namespaced: false),
        ResourceInfo(group: "resource.k8s.io", storageVersion: "v1alpha3", kind: "DeviceTaintRule", plural: "devicetaintrules", singular: "devicetaintrule", namespaced: false),
        ResourceInfo(group: "resource.k8s.io", storageVersion: "v1", kind: "ResourceClaim", plural: "resourceclaims", singular: "resourceclaim", namespaced: true),
        ResourceInfo(group: "resource.k8s.io", storageVersion: "v1", kind: "ResourceClaimTemplate", plural: "resourceclaimtemplates", singular: "resourceclaimtemplate", namespaced: true),
        ResourceInfo(group: "resource.k8s.io", storageVersion: "v1alpha3", kind: "ResourcePoolStatusRequest", plural: "resourcepoolstatusrequests", singular: "resourcepoolstatusrequest", namespaced: false),
        ResourceInfo(group: "resource.k8s.io", storageVersion: "v1", kind: "ResourceSlice", plural: "resourceslices", singular: "resourceslice", namespaced: false),
    ]

    static let other: [ResourceInfo] = [
        ResourceInfo(group: "certificates.k8s.io", storageVersion: "v1", kind: "CertificateSigningRequest", plural: "certificatesigningrequests", singular: "certificatesigningrequest", shortNames: ["csr"], namespaced: false),
        ResourceInfo(group: "certificates.k8s.io", storageVersion: "v1beta1", kind: "ClusterTrustBundle", plural: "clustertrustbundles", singular: "clustertrustbundle", namespaced: false),
        ResourceInfo(group: "certificates.k8s.io", storageVersion: "v1beta1", kind: "PodCertificateRequest", plural: "podcertificaterequests", singular: "podcertificaterequest", namespaced: true),
        ResourceInfo(group: "coordination.k8s.io", storageVersion: "v1", kind: "Lease", plural: "leases", singular: "lease", namespaced: true),
        ResourceInfo(group: "coordination.k8s.io", storageVersion: "v1beta1", kind: "LeaseCandidate", plural: "leasecandidates", singular: "leasecandidate", namespaced: true),
        // Shares /registry/events with core and is stored as a core v1 Event.
        ResourceInfo(group: "events.k8s.io", storageVersion: "v1", kind: "Event", plural: "events", singular: "event", shortNames: ["ev"], namespaced: true, storedAPIVersionOverride: "v1"),
        ResourceInfo(group: "flowcontrol.apiserver.k8s.io", storageVersion: "v1", kind: "FlowSchema", plural: "flowschemas", singular: "flowschema", namespaced: false),
        ResourceInfo(group: "flowcontrol.apiserver.k8s.io", storageVersion: "v1", kind: "PriorityLevelConfiguration", plural: "prioritylevelconfigurations", singular: "prioritylevelconfiguration", namespaced: false),
    ]

    /// Served by the apiextensions and aggregator servers, which store `<group>/<plural>` and JSON.
    static let aggregated: [ResourceInfo] = [
        ResourceInfo(group: "apiextensions.k8s.io", storageVersion: "v1beta1", kind: "CustomResourceDefinition", plural: "customresourcedefinitions", singular: "customresourcedefinition", shortNames: ["crd", "crds"], namespaced: false, keyPrefix: "apiextensions.k8s.io/customresourcedefinitions", encoding: .json),
        ResourceInfo(group: "apiregistration.k8s.io", storageVersion: "v1", kind: "APIService", plural: "apiservices", singular: "apiservice", namespaced: false, keyPrefix: "apiregistration.k8s.io/apiservices", encoding: .json),
    ]

    /// The old `extensions` group: same etcd prefixes as the groups that replaced it.
    static let legacyExtensions: [ResourceInfo] = [
        ResourceInfo(group: "extensions", storageVersion: "v1beta1", kind: "DaemonSet", plural: "daemonsets", singular: "daemonset", shortNames: ["ds"], namespaced: true, storedAPIVersionOverride: "apps/v1", legacy: true),
        ResourceInfo(group: "extensions", storageVersion: "v1beta1", kind: "Deployment", plural: "deployments", singular: "deployment", shortNames: ["deploy"], namespaced: true, storedAPIVersionOverride: "apps/v1", legacy: true),
        ResourceInfo(group: "extensions", storageVersion: "v1beta1", kind: "Ingress", plural: "ingresses", singular: "ingress", shortNames: ["ing"], namespaced: true, keyPrefix: "ingress", storedAPIVersionOverride: "networking.k8s.io/v1", legacy: true),
        ResourceInfo(group: "extensions", storageVersion: "v1beta1", kind: "NetworkPolicy", plural: "networkpolicies", singular: "networkpolicy", shortNames: ["netpol"], namespaced: true, storedAPIVersionOverride: "networking.k8s.io/v1", legacy: true),
        ResourceInfo(group: "extensions", storageVersion: "v1beta1", kind: "ReplicaSet", plural: "replicasets", singular: "replicaset", shortNames: ["rs"], namespaced: true, storedAPIVersionOverride: "apps/v1", legacy: true),
    ]
}
