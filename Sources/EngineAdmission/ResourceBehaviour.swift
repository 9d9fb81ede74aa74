import KubeCodec

/// Which kinds count metadata.generation and which have a status subresource, per their
/// registry strategies.
enum ResourceBehaviour {
    /// Pods count generations from 1.33 (KEP-5067: the strategy sets generation 1 on create and
    /// bumps it on spec changes, without a feature gate; observedGeneration is the gated part).
    static let podGenerationSince = KubeVersion(major: 1, minor: 33)

    static func tracksGeneration(_ kind: AdmittedKind, kubeVersion: KubeVersion) -> Bool {
        switch kind {
        case .deployment, .replicaSet, .statefulSet, .daemonSet, .job, .cronJob, .replicationController,
             .endpointSlice, .flowSchema, .priorityLevelConfiguration:
            return true
        case .pod:
            return kubeVersion >= podGenerationSince
        default:
            return false
        }
    }

    static func hasStatusSubresource(_ kind: AdmittedKind) -> Bool {
        switch kind {
        case .pod, .deployment, .replicaSet, .statefulSet, .daemonSet, .job, .cronJob, .replicationController,
             .service, .namespace, .node, .persistentVolume, .persistentVolumeClaim,
             .flowSchema, .priorityLevelConfiguration, .apiService, .serviceCIDR:
            return true
        default:
            return false
        }
    }
}
