import EngineKit
import GoJSON
import KubeCodec
import KubeResources

/// kube-apiserver's per-kind behaviour for the kinds the engine writes: scheme defaulting, the
/// default admission plugins (NamespaceLifecycle, ServiceAccount, TaintNodesByCondition,
/// Priority, DefaultTolerationSeconds), the registry strategies' create/update preparation, and
/// validation with Kubernetes' field paths and messages.
public struct KubeAdmission: AdmissionPolicy {
    public let kubeVersion: KubeVersion
    /// Refuse pods whose ServiceAccount does not exist, as kube-apiserver does. The engine should
    /// keep this on and create each namespace's `default` account (the serviceaccount controller's
    /// job); turn it off only for an "apiserver only" cluster without that controller.
    public let requireServiceAccounts: Bool
    /// The service IP family of the (single-stack) cluster.
    public let serviceIPFamily: String

    public init(kubeVersion: KubeVersion) {
        self.init(kubeVersion: kubeVersion, requireServiceAccounts: true)
    }

    public init(kubeVersion: KubeVersion, requireServiceAccounts: Bool, serviceIPFamily: String = "IPv4") {
        self.kubeVersion = kubeVersion
        self.requireServiceAccounts = requireServiceAccounts
        self.serviceIPFamily = serviceIPFamily
    }

    public func tracksGeneration(_ resource: ResourceInfo) -> Bool {
        let kind = AdmittedKind(resource)
        if kind == .other { return Self.otherGenerationKinds.contains(resource.group + "/" + resource.kind) }
        return ResourceBehaviour.tracksGeneration(kind, kubeVersion: kubeVersion)
    }

    public func hasStatusSubresource(_ resource: ResourceInfo) -> Bool {
        let kind = AdmittedKind(resource)
        if kind == .other { return Self.otherStatusKinds.contains(resource.group + "/" + resource.kind) }
        return ResourceBehaviour.hasStatusSubresource(kind)
    }

    /// Kinds outside the engine's set whose strategies also count generations.
    static let otherGenerationKinds: Set<String> = [
        "policy/PodDisruptionBudget", "networking.k8s.io/NetworkPolicy", "networking.k8s.io/Ingress",
        "networking.k8s.io/IngressClass", "apiextensions.k8s.io/CustomResourceDefinition",
        "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
        "admissionregistration.k8s.io/MutatingWebhookConfiguration",
        "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
        "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
        "admissionregistration.k8s.io/MutatingAdmissionPolicy",
        "admissionregistration.k8s.io/MutatingAdmissionPolicyBinding",
        "resource.k8s.io/DeviceClass",
    ]
    static let otherStatusKinds: Set<String> = [
        "policy/PodDisruptionBudget", "networking.k8s.io/Ingress", "apiextensions.k8s.io/CustomResourceDefinition",
        "autoscaling/HorizontalPodAutoscaler", "certificates.k8s.io/CertificateSigningRequest",
        "storage.k8s.io/VolumeAttachment", "/ResourceQuota", "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
        "resource.k8s.io/ResourceClaim",
    ]

    public func applyDefaults(_ object: inout JSONValue, resource: ResourceInfo, kubeVersion: KubeVersion) {
        guard case .object = object else { return }
        let kind = AdmittedKind(resource)
        switch kind {
        case .pod: PodDefaults.apply(to: &object, kubeVersion: kubeVersion)
        case .deployment, .replicaSet, .statefulSet, .daemonSet, .job, .cronJob, .replicationController, .podTemplate:
            WorkloadDefaults.apply(to: &object, kind: kind, kubeVersion: kubeVersion)
        case .service: ServiceDefaults.service(&object)
        case .endpoints: ServiceDefaults.endpoints(&object)
        case .endpointSlice: ServiceDefaults.endpointSlice(&object)
        case .secret: CoreObjectDefaults.secret(&object)
        case .namespace: CoreObjectDefaults.namespace(&object)
        case .node: CoreObjectDefaults.node(&object)
        case .priorityClass: CoreObjectDefaults.priorityClass(&object)
        case .persistentVolumeClaim: CoreObjectDefaults.persistentVolumeClaim(&object)
        case .persistentVolume: CoreObjectDefaults.persistentVolume(&object)
        case .clusterRoleBinding, .roleBinding: RBACDefaults.binding(&object)
        case .flowSchema: FlowControlDefaults.flowSchema(&object)
        case .priorityLevelConfiguration: FlowControlDefaults.priorityLevel(&object)
        default: break
        }
    }

    public func admit(_ request: inout AdmissionRequest, context: AdmissionContext) throws(APIError) {
        let kind = AdmittedKind(request.resource)
        try NamespaceLifecycle.admit(request, kind: kind, context: context)
        // Status and other subresource writes: the API server keeps the rest of the object.
        guard request.subresource == nil, request.operation != .delete else { return }
        // Work on a copy: a refused request leaves the caller's object as it was.
        var object = request.object
        var errors: [FieldError] = []
        switch request.operation {
        case .create:
            try mutateOnCreate(&object, kind: kind, request: request, context: context)
            CreateStrategy.prepareForCreate(&object, kind: kind)
            if kind == .service { ServiceIPFamilies.defaultOnCreate(&object, clusterFamily: serviceIPFamily) }
            mirrorDeprecatedFields(&object, kind: kind)
            errors = ObjectMetaValidation.validateName(object.string("metadata", "name"), rule: NameRule.forKind(kind))
            errors += LabelValidation.validateMetadata(object)
            errors += validate(object, kind: kind)
        case .update:
            let old = request.oldObject ?? .null
            CreateStrategy.prepareForUpdate(&object, old: old, kind: kind)
            if kind == .service { ServiceIPFamilies.carryOverOnUpdate(&object, old: old) }
            mirrorDeprecatedFields(&object, kind: kind)
            errors = Immutability.validateMetadata(object, old: old)
            errors += LabelValidation.validateMetadata(object)
            errors += validate(object, kind: kind)
            errors += Immutability.validateSpec(object, old: old, kind: kind)
        case .delete:
            return
        }
        if !errors.isEmpty {
            let qualifiedKind = request.resource.group.isEmpty ? request.resource.kind : request.resource.kind + "." + request.resource.group
            throw APIError.invalid(kind: qualifiedKind, name: request.name, errors)
        }
        request.object = object
    }

    /// The mutating admission plugins, in kube-apiserver's default order.
    private func mutateOnCreate(_ object: inout JSONValue, kind: AdmittedKind, request: AdmissionRequest,
                                context: AdmissionContext) throws(APIError) {
        switch kind {
        case .pod:
            try ServiceAccountAdmission(requireServiceAccount: requireServiceAccounts).admit(&object, request: request, context: context)
            try PriorityAdmission.admit(&object, request: request, context: context)
            DefaultTolerations.admit(&object)
        case .node:
            NodeTaintAdmission.admit(&object)
        default:
            break
        }
    }

    private func mirrorDeprecatedFields(_ object: inout JSONValue, kind: AdmittedKind) {
        let specPath: [String]? = kind == .pod ? ["spec"] : kind.podTemplatePath.map { $0 + ["spec"] }
        guard let specPath, var spec = object[path: specPath], spec != .null else { return }
        PodSpecDefaults.mirrorDeprecatedServiceAccount(in: &spec)
        object.set(spec, at: specPath)
    }

    private func validate(_ object: JSONValue, kind: AdmittedKind) -> [FieldError] {
        switch kind {
        case .pod:
            return PodValidation.validateSpec(object["spec"] ?? .null, path: "spec")
        case .deployment, .replicaSet, .statefulSet, .daemonSet, .job:
            return WorkloadValidation.validate(object, kind: kind)
        case .service:
            return ServiceValidation.validate(object)
        case .configMap:
            return ConfigKeyValidation.validate(object, fields: ["data", "binaryData"])
        case .secret:
            return ConfigKeyValidation.validate(object, fields: ["data", "stringData"])
        default:
            return []
        }
    }
}
