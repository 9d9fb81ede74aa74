import EngineAPI
import EngineControllers
import EngineKit
import GoJSON
import Testing

@Suite struct WorkloadDeploymentTests {
    static let hashAlphabet = Set("456789bcdf")

    @Test func hashEncodingMatchesUpstreamAlphabetAndFNVVectors() {
        // The notes' real hash 5dd5756b68 decodes to 1881312624.
        #expect(PodTemplateHash.safeEncode(1_881_312_624) == "5dd5756b68")
        #expect(PodTemplateHash.safeEncode(1_234_567_890) == "56789bcdf4")
        // Published FNV-32 test vectors for "a".
        #expect(PodTemplateHash.fnv32a(Array("a".utf8)) == 0xe40c_292c)
        #expect(PodTemplateHash.fnv32(Array("a".utf8)) == 0x050c_5d7e)
        let t1 = WorkloadTestCluster.podTemplate(labels: [("app", "a")])
        let t2 = WorkloadTestCluster.podTemplate(labels: [("app", "b")])
        #expect(PodTemplateHash.templateHash(t1) != PodTemplateHash.templateHash(t2))
        #expect(PodTemplateHash.templateHash(t1) != PodTemplateHash.templateHash(t1, collisionCount: 1))
    }

    @Test func deploymentCreatesReplicaSetPodsAndEvents() async throws {
        let cluster = try await WorkloadTestCluster()
        let created = try await cluster.api.create(WorkloadTestCluster.deployment("web", replicas: 3), manager: "kubectl-create")
        let stats = try await cluster.settle()
        #expect(stats.settled)

        let sets = try await cluster.list("apps/v1", "ReplicaSet")
        #expect(sets.count == 1)
        let rs = try #require(sets.first)
        let hash = try #require(rs.testString("metadata", "labels", "pod-template-hash"))
        #expect(rs.testName == "web-" + hash)
        #expect((8...10).contains(hash.count) && Set(hash).isSubset(of: Self.hashAlphabet))
        #expect(rs.testString("spec", "selector", "matchLabels", "pod-template-hash") == hash)
        #expect(rs.testString("spec", "template", "metadata", "labels", "pod-template-hash") == hash)
        #expect(rs.testString("metadata", "annotations", "deployment.kubernetes.io/revision") == "1")
        #expect(rs.testString("metadata", "annotations", "deployment.kubernetes.io/desired-replicas") == "3")
        #expect(rs.testString("metadata", "annotations", "deployment.kubernetes.io/max-replicas") == "4")
        let owner = try #require(rs[path: "metadata", "ownerReferences"]?.elements?.first)
        #expect(owner["apiVersion"]?.stringValue == "apps/v1" && owner["kind"]?.stringValue == "Deployment")
        #expect(owner["uid"]?.stringValue == created.testUID)
        #expect(owner["controller"] == .bool(true) && owner["blockOwnerDeletion"] == .bool(true))

        let pods = try await cluster.list("v1", "Pod")
        #expect(pods.count == 3)
        for pod in pods {
            #expect(pod.testString("metadata", "generateName") == rs.testName + "-")
            #expect(pod.testName.hasPrefix(rs.testName + "-") && pod.testName.count == rs.testName.count + 6)
            #expect(pod[path: "metadata", "ownerReferences"]?.elements?.first?["uid"]?.stringValue == rs.testUID)
            #expect(pod[path: "metadata", "ownerReferences"]?.elements?.first?["kind"]?.stringValue == "ReplicaSet")
            #expect(pod.testString("metadata", "labels", "pod-template-hash") == hash)
            #expect(pod.testString("status", "phase") == "Pending")
        }

        let scaling = try await cluster.events(reason: "ScalingReplicaSet")
        #expect(scaling.map { $0["message"]?.stringValue } == ["Scaled up replica set \(rs.testName) from 0 to 3"])
        #expect(scaling.first?.testString("source", "component") == "deployment-controller")
        let creates = try await cluster.events(reason: "SuccessfulCreate")
        #expect(Set(creates.compactMap { $0["message"]?.stringValue }) == Set(pods.map { "Created pod: \($0.testName)" }))
        #expect(creates.allSatisfy { $0.testString("involvedObject", "name") == rs.testName })

        let deployment = try await cluster.api.get(cluster.resource("apps/v1", "Deployment"), namespace: "default", name: "web")
        #expect(deployment.testString("metadata", "annotations", "deployment.kubernetes.io/revision") == "1")
        #expect(deployment[path: "status", "observedGeneration"]?.intValue == 1)
        #expect(deployment[path: "status", "replicas"]?.intValue == 3)
        #expect(deployment[path: "status", "unavailableReplicas"]?.intValue == 3)
        let available = deployment[path: "status", "conditions"]?.elements?.first { $0["type"]?.stringValue == "Available" }
        #expect(available?["status"]?.stringValue == "False")
        #expect(available?["reason"]?.stringValue == "MinimumReplicasUnavailable")
        #expect(available?["message"]?.stringValue == "Deployment does not have minimum availability.")
        let replicaSetStatus = try await cluster.api.get(cluster.resource("apps/v1", "ReplicaSet"), namespace: "default", name: rs.testName)
        #expect(replicaSetStatus[path: "status", "replicas"]?.intValue == 3)
        #expect(replicaSetStatus[path: "status", "fullyLabeledReplicas"]?.intValue == 3)

        // The kubelet's part, done by hand: every pod Ready.
        for (i, pod) in try await cluster.list("v1", "Pod").enumerated() { try await cluster.markReady(pod, ip: "10.244.0.\(i + 10)") }
        try await cluster.settle()
        let done = try await cluster.api.get(cluster.resource("apps/v1", "Deployment"), namespace: "default", name: "web")
        #expect(done[path: "status", "availableReplicas"]?.intValue == 3)
        #expect(done[path: "status", "readyReplicas"]?.intValue == 3)
        let conditions = done[path: "status", "conditions"]?.elements ?? []
        #expect(conditions.map { $0["type"]?.stringValue } == ["Available", "Progressing"])
        #expect(conditions.first?["reason"]?.stringValue == "MinimumReplicasAvailable")
        #expect(conditions.last?["reason"]?.stringValue == "NewReplicaSetAvailable")
        #expect(conditions.last?["message"]?.stringValue == "ReplicaSet \"\(rs.testName)\" has successfully progressed.")
    }

    @Test func scalingDownDeletesPods() async throws {
        let cluster = try await WorkloadTestCluster()
        try await cluster.api.create(WorkloadTestCluster.deployment("web", replicas: 3), manager: "test")
        try await cluster.settle()
        var d = try await cluster.api.get(cluster.resource("apps/v1", "Deployment"), namespace: "default", name: "web")
        d.set(.int(1), at: "spec", "replicas")
        try await cluster.api.update(d, manager: "test")
        try await cluster.settle()
        #expect(try await cluster.list("v1", "Pod").count == 1)
        let rs = try #require(try await cluster.list("apps/v1", "ReplicaSet").first)
        #expect(rs[path: "spec", "replicas"]?.intValue == 1)
        #expect(try await cluster.events(reason: "SuccessfulDelete").count == 2)
        let scaling = try await cluster.events(reason: "ScalingReplicaSet").compactMap { $0["message"]?.stringValue }
        #expect(scaling.contains("Scaled down replica set \(rs.testName) from 3 to 1"))
    }

    @Test func templateChangeRollsToASecondReplicaSet() async throws {
        let cluster = try await WorkloadTestCluster()
        try await cluster.api.create(WorkloadTestCluster.deployment("web", replicas: 2), manager: "test")
        try await cluster.settle()
        for (i, pod) in try await cluster.list("v1", "Pod").enumerated() { try await cluster.markReady(pod, ip: "10.244.0.\(i + 10)") }
        try await cluster.settle()
        var d = try await cluster.api.get(cluster.resource("apps/v1", "Deployment"), namespace: "default", name: "web")
        d.set(.array([.object([JSONMember("name", .string("web")), JSONMember("image", .string("nginx:1.28"))])]),
              at: "spec", "template", "spec", "containers")
        try await cluster.api.update(d, manager: "test")
        var maxPods = 0
        var ip = 20
        for _ in 0..<8 {
            try await cluster.settle()
            let pods = try await cluster.list("v1", "Pod")
            maxPods = max(maxPods, pods.count)
            for pod in pods where pod[path: "status", "podIP"] == nil {
                try await cluster.markReady(pod, ip: "10.244.0.\(ip)")
                ip += 1
            }
        }
        try await cluster.settle()
        let sets = try await cluster.list("apps/v1", "ReplicaSet")
        #expect(sets.count == 2)
        let newRS = try #require(sets.first { $0.testString("metadata", "annotations", "deployment.kubernetes.io/revision") == "2" })
        let oldRS = try #require(sets.first { $0.testString("metadata", "annotations", "deployment.kubernetes.io/revision") == "1" })
        #expect(newRS[path: "spec", "replicas"]?.intValue == 2)
        #expect(oldRS[path: "spec", "replicas"]?.intValue == 0)
        #expect(newRS.testName != oldRS.testName)
        // maxSurge 25% of 2 rounds up to 1: never more than 3 pods at once.
        #expect(maxPods <= 3)
        let pods = try await cluster.list("v1", "Pod")
        #expect(pods.count == 2 && pods.allSatisfy { $0.testString("metadata", "labels", "pod-template-hash") == newRS.testString("metadata", "labels", "pod-template-hash") })
        let deployment = try await cluster.api.get(cluster.resource("apps/v1", "Deployment"), namespace: "default", name: "web")
        #expect(deployment.testString("metadata", "annotations", "deployment.kubernetes.io/revision") == "2")
        #expect(deployment[path: "status", "updatedReplicas"]?.intValue == 2)
    }

    @Test func deletingADeploymentCollectsItsReplicaSetAndPods() async throws {
        for policy in [DeleteOptions.Propagation.background, .foreground] {
            let cluster = try await WorkloadTestCluster()
            try await cluster.api.create(WorkloadTestCluster.deployment("web", replicas: 2), manager: "test")
            try await cluster.settle()
            #expect(try await cluster.list("v1", "Pod").count == 2)
            try await cluster.api.delete(cluster.resource("apps/v1", "Deployment"), namespace: "default", name: "web",
                                         options: DeleteOptions(propagationPolicy: policy))
            try await cluster.settle()
            #expect(try await cluster.list("apps/v1", "Deployment").isEmpty)
            #expect(try await cluster.list("apps/v1", "ReplicaSet").isEmpty)
            #expect(try await cluster.list("v1", "Pod").isEmpty)
        }
    }

    @Test func orphanDeletionKeepsTheReplicaSetWithoutOwner() async throws {
        let cluster = try await WorkloadTestCluster()
        try await cluster.api.create(WorkloadTestCluster.deployment("web", replicas: 1), manager: "test")
        try await cluster.settle()
        try await cluster.api.delete(cluster.resource("apps/v1", "Deployment"), namespace: "default", name: "web",
                                     options: DeleteOptions(propagationPolicy: .orphan))
        try await cluster.settle()
        #expect(try await cluster.list("apps/v1", "Deployment").isEmpty)
        let sets = try await cluster.list("apps/v1", "ReplicaSet")
        #expect(sets.count == 1)
        #expect(sets.first?[path: "metadata", "ownerReferences"] == nil)
        #expect(try await cluster.list("v1", "Pod").count == 1)
    }
}
