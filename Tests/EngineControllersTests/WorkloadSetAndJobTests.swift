import EngineAPI
import EngineControllers
import EngineKit
import GoJSON
import Testing

@Suite struct WorkloadSetAndJobTests {
    static func spec(_ name: String, _ extra: [JSONMember] = []) -> JSONValue {
        .object(extra + [
            JSONMember("selector", .object([JSONMember("matchLabels", .object([JSONMember("app", .string(name))]))])),
            JSONMember("template", WorkloadTestCluster.podTemplate(labels: [("app", name)])),
        ])
    }

    @Test func statefulSetCreatesOrdinalPodsInOrder() async throws {
        let cluster = try await WorkloadTestCluster()
        try await cluster.api.create(WorkloadTestCluster.object("apps/v1", "StatefulSet", name: "db", namespace: "default", [
            JSONMember("spec", Self.spec("db", [JSONMember("replicas", .int(2)), JSONMember("serviceName", .string("db"))])),
        ]), manager: "test")
        try await cluster.settle()
        var pods = try await cluster.list("v1", "Pod")
        // OrderedReady: db-1 waits until db-0 runs and is ready.
        #expect(pods.map(\.testName) == ["db-0"])
        let revisions = try await cluster.list("apps/v1", "ControllerRevision")
        #expect(revisions.count == 1)
        let revision = try #require(revisions.first)
        #expect(revision.testName.hasPrefix("db-"))
        #expect(Set(revision.testName.dropFirst(3)).isSubset(of: Set("456789bcdf")))
        let pod0 = try #require(pods.first)
        #expect(pod0.testString("metadata", "labels", "controller-revision-hash") == revision.testName)
        #expect(pod0.testString("metadata", "labels", "statefulset.kubernetes.io/pod-name") == "db-0")
        #expect(pod0.testString("metadata", "labels", "apps.kubernetes.io/pod-index") == "0")
        #expect(pod0.testString("spec", "hostname") == "db-0" && pod0.testString("spec", "subdomain") == "db")
        try await cluster.markReady(pod0, ip: "10.244.0.9")
        try await cluster.settle()
        pods = try await cluster.list("v1", "Pod")
        #expect(pods.map(\.testName) == ["db-0", "db-1"])
        let set = try await cluster.api.get(cluster.resource("apps/v1", "StatefulSet"), namespace: "default", name: "db")
        #expect(set.testString("status", "currentRevision") == revision.testName)
        #expect(set.testString("status", "updateRevision") == revision.testName)
        #expect(set[path: "status", "replicas"]?.intValue == 2)
        #expect(set[path: "status", "readyReplicas"]?.intValue == 1)
        let messages = try await cluster.events(reason: "SuccessfulCreate").compactMap { $0["message"]?.stringValue }
        #expect(messages.contains("create Pod db-1 in StatefulSet db successful"))
    }

    @Test func daemonSetRunsOnePodPerEligibleNode() async throws {
        let cluster = try await WorkloadTestCluster()
        let nodes = try cluster.resource("v1", "Node")
        for name in ["node-a", "node-b"] {
            try await cluster.api.create(WorkloadTestCluster.object("v1", "Node", name: name), manager: "test")
        }
        // node-a is clear; node-b keeps a taint the daemon does not tolerate.
        var a = try await cluster.api.get(nodes, namespace: "", name: "node-a")
        a.remove(at: "spec", "taints")
        try await cluster.api.update(a, manager: "test")
        var b = try await cluster.api.get(nodes, namespace: "", name: "node-b")
        b.set(.array([.object([JSONMember("key", .string("dedicated")), JSONMember("value", .string("gpu")),
                               JSONMember("effect", .string("NoSchedule"))])]), at: "spec", "taints")
        try await cluster.api.update(b, manager: "test")
        try await cluster.api.create(WorkloadTestCluster.object("apps/v1", "DaemonSet", name: "agent", namespace: "default", [
            JSONMember("spec", Self.spec("agent")),
        ]), manager: "test")
        try await cluster.settle()
        let pods = try await cluster.list("v1", "Pod")
        #expect(pods.count == 1)
        let pod = try #require(pods.first)
        let term = pod[path: "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]?
            .elements?.first?["matchFields"]?.elements?.first
        #expect(term?["key"]?.stringValue == "metadata.name" && term?["operator"]?.stringValue == "In")
        #expect(term?["values"] == .array([.string("node-a")]))
        let tolerationKeys = Set((pod[path: "spec", "tolerations"]?.elements ?? []).compactMap { $0["key"]?.stringValue })
        #expect(tolerationKeys.isSuperset(of: ["node.kubernetes.io/unschedulable", "node.kubernetes.io/disk-pressure",
                                               "node.kubernetes.io/memory-pressure", "node.kubernetes.io/pid-pressure"]))
        let revision = try #require(try await cluster.list("apps/v1", "ControllerRevision").first)
        let hash = try #require(revision.testString("metadata", "labels", "controller-revision-hash"))
        #expect(revision.testName == "agent-" + hash)
        #expect(pod.testString("metadata", "labels", "controller-revision-hash") == hash)
        let ds = try await cluster.api.get(cluster.resource("apps/v1", "DaemonSet"), namespace: "default", name: "agent")
        #expect(ds[path: "status", "desiredNumberScheduled"]?.intValue == 1)
        #expect(ds[path: "status", "currentNumberScheduled"]?.intValue == 1)
        #expect(ds[path: "status", "numberUnavailable"]?.intValue == 1)
    }

    @Test func jobRunsToCompletion() async throws {
        let cluster = try await WorkloadTestCluster()
        var template = WorkloadTestCluster.podTemplate(labels: [("app", "batch")])
        template.set(.string("Never"), at: "spec", "restartPolicy")
        try await cluster.api.create(WorkloadTestCluster.object("batch/v1", "Job", name: "report", namespace: "default", [
            JSONMember("spec", .object([
                JSONMember("completions", .int(2)), JSONMember("parallelism", .int(1)), JSONMember("template", template),
            ])),
        ]), manager: "test")
        try await cluster.settle()
        for round in 0..<2 {
            let pods = try await cluster.list("v1", "Pod").filter { $0.testString("status", "phase") != "Succeeded" }
            #expect(pods.count == 1, "round \(round)")
            let pod = try #require(pods.first)
            #expect(pod.testString("metadata", "generateName") == "report-")
            #expect(pod.testString("metadata", "labels", "batch.kubernetes.io/job-name") == "report")
            #expect(pod[path: "metadata", "finalizers"] == .array([.string("batch.kubernetes.io/job-tracking")]))
            try await cluster.setPhase(pod, "Succeeded")
            try await cluster.settle()
        }
        let job = try await cluster.api.get(cluster.resource("batch/v1", "Job"), namespace: "default", name: "report")
        #expect(job[path: "status", "succeeded"]?.intValue == 2)
        #expect((job[path: "status", "active"]?.intValue ?? 0) == 0)
        #expect(job.testString("status", "completionTime") != nil && job.testString("status", "startTime") != nil)
        let conditions = (job[path: "status", "conditions"]?.elements ?? []).map { $0["type"]?.stringValue ?? "" }
        #expect(conditions == ["SuccessCriteriaMet", "Complete"])
        let pods = try await cluster.list("v1", "Pod")
        #expect(pods.count == 2 && pods.allSatisfy { $0[path: "metadata", "finalizers"] == nil })
    }
}

@Suite struct WorkloadVersionTests {
    @Test func olderReleasesOmitNewerStatusFields() async throws {
        let cluster = try await WorkloadTestCluster(minor: 30)
        try await cluster.api.create(WorkloadTestCluster.deployment("web", replicas: 1), manager: "test")
        var template = WorkloadTestCluster.podTemplate(labels: [("app", "batch")])
        template.set(.string("Never"), at: "spec", "restartPolicy")
        try await cluster.api.create(WorkloadTestCluster.object("batch/v1", "Job", name: "once", namespace: "default", [
            JSONMember("spec", .object([JSONMember("template", template)])),
        ]), manager: "test")
        try await cluster.settle()
        let deployment = try await cluster.api.get(cluster.resource("apps/v1", "Deployment"), namespace: "default", name: "web")
        // terminatingReplicas arrives with 1.35 (DeploymentReplicaSetTerminatingReplicas).
        #expect(deployment[path: "status", "terminatingReplicas"] == nil)
        #expect(deployment[path: "status", "observedGeneration"]?.intValue == 1)
        let pod = try #require(try await cluster.list("v1", "Pod").first { $0.testString("metadata", "generateName") == "once-" })
        try await cluster.setPhase(pod, "Succeeded")
        try await cluster.settle()
        let job = try await cluster.api.get(cluster.resource("batch/v1", "Job"), namespace: "default", name: "once")
        // SuccessCriteriaMet precedes Complete only from 1.31.
        #expect((job[path: "status", "conditions"]?.elements ?? []).map { $0["type"]?.stringValue ?? "" } == ["Complete"])
    }

    @Test func oldReplicaSetsBeyondTheHistoryLimitAreRemoved() async throws {
        let cluster = try await WorkloadTestCluster()
        var d = WorkloadTestCluster.deployment("web", replicas: 1)
        d.set(.int(1), at: "spec", "revisionHistoryLimit")
        try await cluster.api.create(d, manager: "test")
        var nextIP = 2
        for image in ["nginx:1.28", "nginx:1.29", "nginx:1.30"] {
            try await cluster.settle()
            nextIP = try await cluster.markPendingReady(firstIP: nextIP)
            try await cluster.settle()
            nextIP = try await cluster.markPendingReady(firstIP: nextIP)
            try await cluster.settle()
            var current = try await cluster.api.get(cluster.resource("apps/v1", "Deployment"), namespace: "default", name: "web")
            current.set(.array([.object([JSONMember("name", .string("web")), JSONMember("image", .string(image))])]),
                        at: "spec", "template", "spec", "containers")
            try await cluster.api.update(current, manager: "test")
        }
        for _ in 0..<4 {
            try await cluster.settle()
            nextIP = try await cluster.markPendingReady(firstIP: nextIP)
        }
        try await cluster.settle()
        let revisions = try await cluster.list("apps/v1", "ReplicaSet")
            .compactMap { $0.testString("metadata", "annotations", "deployment.kubernetes.io/revision") }.sorted()
        // The current revision plus one old one (revisionHistoryLimit 1).
        #expect(revisions == ["3", "4"])
    }
}
