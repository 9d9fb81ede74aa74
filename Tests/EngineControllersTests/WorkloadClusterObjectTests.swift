import EngineAPI
import EngineControllers
import EngineKit
import GoJSON
import Testing

@Suite struct WorkloadClusterObjectTests {
    @Test func newNamespaceGetsDefaultServiceAccountAndRootCA() async throws {
        let cluster = try await WorkloadTestCluster()
        try await cluster.api.create(WorkloadTestCluster.object("v1", "Namespace", name: "team"), manager: "test")
        try await cluster.settle()
        let accounts = try await cluster.list("v1", "ServiceAccount", namespace: "team")
        #expect(accounts.map(\.testName) == ["default"])
        let maps = try await cluster.list("v1", "ConfigMap", namespace: "team")
        #expect(maps.map(\.testName) == ["kube-root-ca.crt"])
        #expect(maps.first?.testString("data", "ca.crt") == WorkloadTestCluster.caPEM)
        let description = maps.first?.testString("metadata", "annotations", "kubernetes.io/description") ?? ""
        #expect(description.contains("verify the kube-apiserver"))
    }

    @Test func deletedNamespaceLosesItsContentAndIsFinalized() async throws {
        let cluster = try await WorkloadTestCluster()
        try await cluster.api.create(WorkloadTestCluster.object("v1", "Namespace", name: "team"), manager: "test")
        try await cluster.settle()
        try await cluster.api.create(WorkloadTestCluster.object("v1", "ConfigMap", name: "extra", namespace: "team"), manager: "test")
        let namespaces = try cluster.resource("v1", "Namespace")
        let deleting = try await cluster.api.delete(namespaces, namespace: "", name: "team")
        #expect(deleting?.testString("status", "phase") == "Terminating")
        try await cluster.settle()
        #expect(try await cluster.list("v1", "ConfigMap", namespace: "team").isEmpty)
        #expect(try await cluster.list("v1", "ServiceAccount", namespace: "team").isEmpty)
        #expect(try await cluster.list("v1", "Namespace", namespace: nil).map(\.testName) == ["default"])
    }

    @Test func serviceGetsEndpointsAndEndpointSliceForItsPods() async throws {
        let cluster = try await WorkloadTestCluster()
        let service = WorkloadTestCluster.object("v1", "Service", name: "web", namespace: "default", [
            JSONMember("spec", .object([
                JSONMember("selector", .object([JSONMember("app", .string("web"))])),
                JSONMember("ports", .array([.object([JSONMember("port", .int(8080)), JSONMember("targetPort", .string("http"))])])),
            ])),
        ])
        let svc = try await cluster.api.create(service, manager: "test")
        try await cluster.api.create(WorkloadTestCluster.deployment("web", replicas: 2), manager: "test")
        try await cluster.settle()
        let pods = try await cluster.list("v1", "Pod").sorted { $0.testName < $1.testName }
        #expect(pods.count == 2)
        try await cluster.markReady(pods[0], ip: "10.244.1.5")
        // The second pod has an IP but is not ready.
        var notReady = pods[1]
        notReady.set(.string("Running"), at: "status", "phase")
        notReady.set(.string("10.244.1.6"), at: "status", "podIP")
        try await cluster.api.update(notReady, manager: "kubelet", subresource: "status")
        try await cluster.settle()

        let endpoints = try await cluster.api.get(cluster.resource("v1", "Endpoints"), namespace: "default", name: "web")
        let subset = try #require(endpoints["subsets"]?.elements?.first)
        #expect(subset["addresses"]?.elements?.map { $0["ip"]?.stringValue } == ["10.244.1.5"])
        #expect(subset["addresses"]?.elements?.first?.testString("targetRef", "name") == pods[0].testName)
        #expect(subset["notReadyAddresses"]?.elements?.map { $0["ip"]?.stringValue } == ["10.244.1.6"])
        // The named targetPort resolves through the container's port.
        #expect(subset["ports"]?.elements?.first?["port"]?.intValue == 80)
        #expect(endpoints.testString("metadata", "annotations", "endpoints.kubernetes.io/last-change-trigger-time") != nil)

        let slices = try await cluster.list("discovery.k8s.io/v1", "EndpointSlice")
        #expect(slices.count == 1)
        let slice = try #require(slices.first)
        #expect(slice.testString("metadata", "generateName") == "web-")
        #expect(slice.testName.hasPrefix("web-") && slice.testName.count == 9)
        #expect(slice.testString("addressType") == "IPv4")
        #expect(slice.testString("metadata", "labels", "kubernetes.io/service-name") == "web")
        #expect(slice.testString("metadata", "labels", "endpointslice.kubernetes.io/managed-by") == "endpointslice-controller.k8s.io")
        let owner = slice[path: "metadata", "ownerReferences"]?.elements?.first
        #expect(owner?["kind"]?.stringValue == "Service" && owner?["uid"]?.stringValue == svc.testUID)
        let entries = slice["endpoints"]?.elements ?? []
        #expect(entries.count == 2)
        let ready = entries.first { $0["addresses"] == .array([.string("10.244.1.5")]) }
        #expect(ready?[path: "conditions", "ready"] == .bool(true))
        #expect(ready?[path: "conditions", "terminating"] == .bool(false))
        let unready = entries.first { $0["addresses"] == .array([.string("10.244.1.6")]) }
        #expect(unready?[path: "conditions", "ready"] == .bool(false))
        #expect(unready?.testString("targetRef", "kind") == "Pod")
        #expect(slice["ports"]?.elements?.first?["port"]?.intValue == 80)
    }
}
