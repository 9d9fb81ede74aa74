import EngineAPI
import EngineControllers
import EngineKit

/// Which components run in a generated cluster: the controller manager's controllers, the
/// scheduler and leader election on the control plane, a node-lifecycle controller, and one
/// kubelet per node (the control-plane node first).
enum ClusterComponents {
    static func addControlPlane(to engine: ClusterEngine) {
        engine.add(LeaderElection(hostname: engine.spec.hostname))
        for controller in WorkloadControllers.all(caPEM: engine.caPEM) { engine.add(controller) }
        engine.add(NodeLifecycleController())
        engine.add(Scheduler(hostname: engine.spec.hostname))
    }

    static func nodeSpecs(for spec: ClusterSpec, workers: Int, controlPlane: Bool = true) -> [NodeSpec] {
        var nodes: [NodeSpec] = []
        if controlPlane {
            nodes.append(NodeSpec(name: spec.hostname, podCIDR: spec.nodePodCIDR(0), internalIP: spec.advertiseAddress,
                                  controlPlane: true))
        }
        for i in 0..<workers {
            let index = nodes.count
            let name = workers == 1 ? "strata-worker" : "strata-worker\(i == 0 ? "" : String(i + 1))"
            nodes.append(NodeSpec(name: name, podCIDR: spec.nodePodCIDR(index), internalIP: spec.nodeAddress(index)))
        }
        return nodes
    }

    static func addNodes(_ nodes: [NodeSpec], to engine: ClusterEngine) -> [Kubelet] {
        nodes.map { node in
            let kubelet = Kubelet(spec: node)
            engine.add(kubelet)
            return kubelet
        }
    }
}
