import EngineControllers

/// Which components run in a generated cluster. The control plane's controllers, scheduler
/// and leader election, and one kubelet per node.
enum ClusterComponents {
    static func addControlPlane(to engine: ClusterEngine) {
    }

    static func addNodes(to engine: ClusterEngine, workers: Int) {
    }
}
