import EngineAdmission
import EngineKit
import GoJSON
import Testing

@Suite struct NamespaceLifecycleTests {
    @Test func contentInAMissingNamespaceIsNotFound() {
        let error = createError("ConfigMap", #"{"metadata":{"name":"c","namespace":"nowhere"}}"#, in: .standard())
        #expect(error?.code == 404)
        #expect(error?.message == #"namespaces "nowhere" not found"#)
    }

    @Test func terminatingNamespaceRefusesNewContent() {
        let cluster = TestCluster.standard()
        cluster.store("namespaces", name: "prod", json(#"{"metadata":{"name":"prod"},"status":{"phase":"Terminating"}}"#))
        let error = createError("Deployment", group: "apps", #"{"metadata":{"name":"web","namespace":"prod"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"a:1"}]}}}}"#, in: cluster)
        #expect(error?.code == 403)
        #expect(error?.message == #"deployments.apps "web" is forbidden: unable to create new content in namespace prod because it is being terminated"#)
    }

    @Test func systemNamespacesCannotBeDeleted() throws {
        let cluster = TestCluster.standard()
        let admission = KubeAdmission(kubeVersion: cluster.kubeVersion)
        var request = AdmissionRequest(operation: .delete, resource: resource("Namespace", group: ""),
                                       object: json(#"{"metadata":{"name":"kube-system"}}"#), namespace: "", name: "kube-system")
        #expect(throws: APIError.forbidden(#"namespaces "kube-system" is forbidden: this namespace may not be deleted"#)) {
            try admission.admit(&request, context: cluster)
        }
        var other = AdmissionRequest(operation: .delete, resource: resource("Namespace", group: ""),
                                     object: json(#"{"metadata":{"name":"team-a"}}"#), namespace: "", name: "team-a")
        try admission.admit(&other, context: cluster)
    }

    @Test func createdNamespaceIsActiveWithTheKubernetesFinalizerAndNameLabel() throws {
        let ns = try create("Namespace", #"{"metadata":{"name":"team-a"}}"#, in: .standard())
        #expect(ns.at("status") == json(#"{"phase":"Active"}"#))
        #expect(ns.at("spec", "finalizers") == json(#"["kubernetes"]"#))
        #expect(ns.at("metadata", "labels") == json(#"{"kubernetes.io/metadata.name":"team-a"}"#))
    }

    @Test func namespaceNamesAreRFC1123Labels() {
        let error = createError("Namespace", #"{"metadata":{"name":"team.a"}}"#, in: .standard())
        #expect(error?.message == #"Namespace "team.a" is invalid: metadata.name: Invalid value: "team.a": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"#)
    }
}

@Suite struct NodeTaintTests {
    @Test func newNodesAreTaintedNotReady() throws {
        let node = try create("Node", #"{"metadata":{"name":"node-1"},"spec":{"taints":[{"key":"node-role.kubernetes.io/control-plane","effect":"NoSchedule"}]}}"#, in: .standard())
        #expect(node.at("spec", "taints") == json(#"[{"key":"node-role.kubernetes.io/control-plane","effect":"NoSchedule"},{"key":"node.kubernetes.io/not-ready","effect":"NoSchedule"}]"#))
    }

    @Test func anExistingNotReadyTaintIsKept() throws {
        let node = try create("Node", #"{"metadata":{"name":"node-1"},"spec":{"taints":[{"key":"node.kubernetes.io/not-ready","effect":"NoSchedule"}]}}"#, in: .standard())
        #expect(node.at("spec", "taints")?.elements?.count == 1)
    }

    @Test func allocatableDefaultsToCapacity() throws {
        let node = try create("Node", #"{"metadata":{"name":"node-1"},"status":{"capacity":{"cpu":"4","pods":"110"}}}"#, in: .standard())
        #expect(node.at("status", "allocatable") == json(#"{"cpu":"4","pods":"110"}"#))
    }
}
