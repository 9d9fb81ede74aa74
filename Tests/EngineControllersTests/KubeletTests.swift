import EngineAPI
import EngineControllers
import EngineKit
import GoJSON
import Testing

@Suite struct KubeletTests {
    @Test func nodeRegistersBecomesReadyAndRenewsItsLeaseEveryTenSeconds() async throws {
        let cluster = try await NodeTestCluster()
        let leases = try cluster.api.resource(apiVersion: "coordination.k8s.io/v1", kind: "Lease")
        let watch = cluster.api.watch(leases, namespace: "kube-node-lease")
        let loop = ControlLoop(api: cluster.api, controllers: [Kubelet(spec: NodeSpec(name: "w1", cpu: "2", memory: "4Gi")),
                                                              NodeLifecycleController()])
        try await loop.run(duration: 65)

        let node = try await cluster.node("w1")
        #expect(node[path: "metadata", "labels", "kubernetes.io/hostname"]?.stringValue == "w1")
        #expect(node[path: "metadata", "annotations", "volumes.kubernetes.io/controller-managed-attach-detach"]?.stringValue == "true")
        #expect(node[path: "status", "capacity", "cpu"]?.stringValue == "2")
        #expect(node[path: "status", "allocatable", "memory"]?.stringValue == "4Gi")
        #expect(node[path: "status", "capacity", "pods"]?.stringValue == "110")
        #expect(node[path: "status", "nodeInfo", "kubeletVersion"]?.stringValue == "v1.35.0")
        #expect(node[path: "status", "nodeInfo", "machineID"]?.stringValue?.count == 32)
        #expect(node[path: "spec", "podCIDR"]?.stringValue == "10.244.0.0/24")
        let ready = try #require(conditionStatus(node, "Ready"))
        #expect(ready["status"]?.stringValue == "True")
        #expect(ready["reason"]?.stringValue == "KubeletReady")
        #expect(ready["message"]?.stringValue == "kubelet is posting ready status")
        #expect(conditionStatus(node, "MemoryPressure")?["reason"]?.stringValue == "KubeletHasSufficientMemory")
        // The not-ready taint the admission plugin put on the new node is gone once it is Ready.
        #expect((node[path: "spec", "taints"]?.elements ?? []).isEmpty)
        let addresses = node[path: "status", "addresses"]?.elements?.compactMap { $0["type"]?.stringValue }
        #expect(addresses == ["InternalIP", "Hostname"])

        let csiNode = try await cluster.api.get(cluster.api.resource(apiVersion: "storage.k8s.io/v1", kind: "CSINode"),
                                                namespace: "", name: "w1")
        #expect(csiNode[path: "metadata", "ownerReferences"]?.elements?.first?["uid"] == node[path: "metadata", "uid"])

        let lease = try await cluster.api.get(leases, namespace: "kube-node-lease", name: "w1")
        #expect(lease[path: "spec", "holderIdentity"]?.stringValue == "w1")
        #expect(lease[path: "spec", "leaseDurationSeconds"] == .int(40))
        #expect(lease[path: "metadata", "ownerReferences"]?.elements?.first?["kind"]?.stringValue == "Node")
        let renewals = watch.drain().compactMap { $0.object[path: "spec", "renewTime"]?.stringValue }
        #expect(renewals.count >= 6)
        // Renewals are 10 s apart: the seconds digit of consecutive renew times advances by 10.
        let seconds = renewals.compactMap { text -> Int? in
            let parts = text.split(separator: ":")
            return parts.count == 3 ? Int(Double(parts[2].dropLast()) ?? 0) + 60 * (Int(parts[1]) ?? 0) : nil
        }
        #expect(zip(seconds, seconds.dropFirst()).allSatisfy { $1 - $0 == 10 })

        let messages = try await cluster.events().filter { $0[path: "involvedObject", "name"]?.stringValue == "w1" }
            .compactMap { $0["message"]?.stringValue }
        #expect(messages.contains("Starting kubelet."))
        #expect(messages.contains("Node w1 status is now: NodeHasSufficientMemory"))
        #expect(messages.contains("Node w1 status is now: NodeHasNoDiskPressure"))
        #expect(messages.contains("Node w1 status is now: NodeHasSufficientPID"))
        #expect(messages.contains("Updated Node Allocatable limit across pods"))
        #expect(messages.contains("Node w1 status is now: NodeReady"))
        #expect(messages.contains("Node w1 event: Registered Node w1 in Controller"))
    }

    @Test func jobPodsCompleteAndDeletedPodsAreRemoved() async throws {
        let cluster = try await NodeTestCluster()
        let loop = ControlLoop(api: cluster.api, controllers: [Scheduler(hostname: "cp"), Kubelet(spec: NodeSpec(name: "w1")),
                                                              NodeLifecycleController()])
        try await loop.run(duration: 10)
        let owner = JSONValue.object(["apiVersion": .string("batch/v1"), "kind": .string("Job"), "name": .string("pi"),
                                      "uid": .string("0b5e2c0e-5a4f-4c55-9d1a-3f1c2d4e5f60"), "controller": .bool(true),
                                      "blockOwnerDeletion": .bool(true)])
        try await cluster.api.create(NodeTestCluster.pod("pi-x7k2p", owner: owner), manager: "kube-controller-manager")
        try await cluster.api.create(NodeTestCluster.pod("web"), manager: "kubectl-create")
        try await loop.run(duration: 20)

        let job = try await cluster.pod("pi-x7k2p")
        #expect(job[path: "status", "phase"]?.stringValue == "Succeeded")
        let terminated = job[path: "status", "containerStatuses"]?.elements?.first?[path: "state", "terminated"]
        #expect(terminated?["exitCode"] == .int(0))
        #expect(terminated?["reason"]?.stringValue == "Completed")
        #expect(conditionStatus(job, "Ready")?["reason"]?.stringValue == "PodCompleted")

        let web = try await cluster.pod("web")
        #expect(web[path: "status", "phase"]?.stringValue == "Running")
        let podResource = try cluster.api.resource(apiVersion: "v1", kind: "Pod")
        let deleting = try await cluster.api.delete(podResource, namespace: "default", name: "web")
        #expect(deleting?[path: "metadata", "deletionTimestamp"] != nil)
        try await loop.run(duration: 5)
        await #expect(throws: APIError.self) { try await cluster.pod("web") }
        #expect(try await cluster.events().contains { $0["reason"]?.stringValue == "Killing"
            && $0["message"]?.stringValue == "Stopping container web" })
    }
}
