import EngineAPI
import EngineControllers
import EngineKit
import GoJSON
import Testing

@Suite struct NodeLifecycleTests {
    @Test func aNodeWhoseKubeletStopsBecomesUnknownAndUnreachable() async throws {
        let cluster = try await NodeTestCluster()
        let stopping = Kubelet(spec: NodeSpec(name: "gone"))
        let loop = ControlLoop(api: cluster.api, controllers: [stopping, Kubelet(spec: NodeSpec(name: "alive", podCIDR: "10.244.1.0/24")),
                                                              NodeLifecycleController()])
        try await loop.run(duration: 20)
        #expect(conditionStatus(try await cluster.node("gone"), "Ready")?["status"]?.stringValue == "True")

        stopping.stop()
        // Not yet past the 40 s grace period: still Ready.
        try await loop.run(duration: 25)
        #expect(conditionStatus(try await cluster.node("gone"), "Ready")?["status"]?.stringValue == "True")
        try await loop.run(duration: 30)

        let node = try await cluster.node("gone")
        let ready = try #require(conditionStatus(node, "Ready"))
        #expect(ready["status"]?.stringValue == "Unknown")
        #expect(ready["reason"]?.stringValue == "NodeStatusUnknown")
        #expect(ready["message"]?.stringValue == "Kubelet stopped posting node status.")
        #expect(conditionStatus(node, "MemoryPressure")?["status"]?.stringValue == "Unknown")
        let taints = (node[path: "spec", "taints"]?.elements ?? []).map {
            ($0["key"]?.stringValue ?? "") + ":" + ($0["effect"]?.stringValue ?? "")
        }
        #expect(taints == ["node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"])
        #expect((node[path: "spec", "taints"]?.elements ?? []).allSatisfy { $0["timeAdded"] != nil })

        let other = try await cluster.node("alive")
        #expect(conditionStatus(other, "Ready")?["status"]?.stringValue == "True")
        #expect((other[path: "spec", "taints"]?.elements ?? []).isEmpty)
    }
}
