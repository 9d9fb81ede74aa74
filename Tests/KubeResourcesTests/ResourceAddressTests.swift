import Testing
@testable import KubeResources

/// Expected keys come from kube-apiserver's storage layout (test/integration/etcd/data.go paths
/// and the special prefixes in the storage factory), not from this module.
struct ResourceAddressTests {
    struct Case: Sendable, CustomStringConvertible {
        let resource: String
        let name: String?
        let namespace: String?
        let all: Bool
        let key: String
        var description: String { "\(resource) \(name ?? "-") ns=\(namespace ?? "-") all=\(all)" }
    }

    static let irregular: [Case] = [
        Case(resource: "nodes", name: "n1", namespace: nil, all: false, key: "/registry/minions/n1"),
        Case(resource: "no", name: nil, namespace: nil, all: false, key: "/registry/minions/"),
        Case(resource: "services", name: "web", namespace: "prod", all: false, key: "/registry/services/specs/prod/web"),
        Case(resource: "svc", name: nil, namespace: nil, all: true, key: "/registry/services/specs/"),
        Case(resource: "endpoints", name: "web", namespace: "prod", all: false, key: "/registry/services/endpoints/prod/web"),
        Case(resource: "ep", name: nil, namespace: nil, all: false, key: "/registry/services/endpoints/default/"),
        Case(resource: "replicationcontrollers", name: "r", namespace: "a", all: false, key: "/registry/controllers/a/r"),
        Case(resource: "rc", name: nil, namespace: nil, all: true, key: "/registry/controllers/"),
        Case(resource: "ingresses", name: "i", namespace: "a", all: false, key: "/registry/ingress/a/i"),
        Case(resource: "ing", name: nil, namespace: nil, all: true, key: "/registry/ingress/"),
        Case(resource: "ingresses.extensions", name: "i", namespace: "a", all: false, key: "/registry/ingress/a/i"),
        Case(resource: "ingresses.networking.k8s.io", name: "i", namespace: "a", all: false, key: "/registry/ingress/a/i"),
        Case(resource: "events", name: "e", namespace: "a", all: false, key: "/registry/events/a/e"),
        Case(resource: "events.events.k8s.io", name: "e", namespace: "a", all: false, key: "/registry/events/a/e"),
        Case(resource: "ev", name: nil, namespace: nil, all: true, key: "/registry/events/"),
        Case(resource: "apiservices", name: "v1.apps", namespace: nil, all: false, key: "/registry/apiregistration.k8s.io/apiservices/v1.apps"),
        Case(resource: "crd", name: "foos.example.com", namespace: nil, all: false, key: "/registry/apiextensions.k8s.io/customresourcedefinitions/foos.example.com"),
        Case(resource: "customresourcedefinitions.apiextensions.k8s.io", name: nil, namespace: nil, all: false, key: "/registry/apiextensions.k8s.io/customresourcedefinitions/"),
        Case(resource: "deployments.extensions", name: "d", namespace: "x", all: false, key: "/registry/deployments/x/d"),
        Case(resource: "rangeallocations", name: "serviceips", namespace: nil, all: false, key: "/registry/ranges/serviceips"),
    ]

    static let regular: [Case] = [
        Case(resource: "pods", name: "web-0", namespace: "default", all: false, key: "/registry/pods/default/web-0"),
        Case(resource: "po", name: nil, namespace: "kube-system", all: false, key: "/registry/pods/kube-system/"),
        Case(resource: "pod", name: nil, namespace: nil, all: true, key: "/registry/pods/"),
        Case(resource: "Pod", name: "x", namespace: nil, all: false, key: "/registry/pods/default/x"),
        Case(resource: "deploy", name: "web", namespace: "default", all: false, key: "/registry/deployments/default/web"),
        Case(resource: "deployments.apps", name: nil, namespace: "a", all: false, key: "/registry/deployments/a/"),
        Case(resource: "deployments.v1.apps", name: "w", namespace: "a", all: false, key: "/registry/deployments/a/w"),
        Case(resource: "cm", name: "cfg", namespace: "default", all: false, key: "/registry/configmaps/default/cfg"),
        Case(resource: "ns", name: "kube-system", namespace: nil, all: false, key: "/registry/namespaces/kube-system"),
        // kubectl ignores -n for cluster-scoped resources.
        Case(resource: "ns", name: nil, namespace: "ignored", all: false, key: "/registry/namespaces/"),
        Case(resource: "sa", name: "default", namespace: "a", all: false, key: "/registry/serviceaccounts/a/default"),
        Case(resource: "ds", name: nil, namespace: nil, all: true, key: "/registry/daemonsets/"),
        Case(resource: "sts", name: "db", namespace: "a", all: false, key: "/registry/statefulsets/a/db"),
        Case(resource: "rs", name: nil, namespace: "a", all: false, key: "/registry/replicasets/a/"),
        Case(resource: "pv", name: "vol", namespace: nil, all: false, key: "/registry/persistentvolumes/vol"),
        Case(resource: "pvc", name: "c", namespace: "a", all: false, key: "/registry/persistentvolumeclaims/a/c"),
        Case(resource: "hpa", name: "h", namespace: "a", all: false, key: "/registry/horizontalpodautoscalers/a/h"),
        Case(resource: "cj", name: "c", namespace: "a", all: false, key: "/registry/cronjobs/a/c"),
        Case(resource: "csr", name: "c", namespace: nil, all: false, key: "/registry/certificatesigningrequests/c"),
        Case(resource: "sc", name: "standard", namespace: nil, all: false, key: "/registry/storageclasses/standard"),
        Case(resource: "pc", name: "system-node-critical", namespace: nil, all: false, key: "/registry/priorityclasses/system-node-critical"),
        Case(resource: "pdb", name: "p", namespace: "a", all: false, key: "/registry/poddisruptionbudgets/a/p"),
        Case(resource: "netpol", name: "n", namespace: "a", all: false, key: "/registry/networkpolicies/a/n"),
        Case(resource: "leases", name: "kube-scheduler", namespace: "kube-system", all: false, key: "/registry/leases/kube-system/kube-scheduler"),
        Case(resource: "clusterroles", name: "admin", namespace: nil, all: false, key: "/registry/clusterroles/admin"),
        Case(resource: "rolebindings.rbac.authorization.k8s.io", name: "rb", namespace: "a", all: false, key: "/registry/rolebindings/a/rb"),
        Case(resource: "endpointslices", name: nil, namespace: nil, all: true, key: "/registry/endpointslices/"),
        Case(resource: "limits", name: nil, namespace: "a", all: false, key: "/registry/limitranges/a/"),
        Case(resource: "quota", name: "q", namespace: "a", all: false, key: "/registry/resourcequotas/a/q"),
        // Custom resources without a CRD at hand: group + plural, namespace when given.
        Case(resource: "certificates.cert-manager.io", name: "tls", namespace: "prod", all: false, key: "/registry/cert-manager.io/certificates/prod/tls"),
        Case(resource: "widgets.example.com", name: nil, namespace: nil, all: true, key: "/registry/example.com/widgets/"),
        Case(resource: "widgets.example.com", name: nil, namespace: nil, all: false, key: "/registry/example.com/widgets/"),
    ]

    @Test(arguments: irregular + regular)
    func resolvesToKubeApiserverKey(_ c: Case) throws {
        let address = ResourceAddress(resource: c.resource, name: c.name, namespace: c.namespace, allNamespaces: c.all)
        let resolved = try address.resolve()
        #expect(resolved.key == c.key)
        #expect(resolved.isPrefix == (c.name == nil))
    }

    @Test func customEtcdPrefix() throws {
        let a = ResourceAddress(resource: "svc", name: "x", namespace: "y", etcdPrefix: "/kube/")
        #expect(try a.resolve().key == "/kube/services/specs/y/x")
    }

    @Test func errors() {
        #expect(throws: ResourceAddressError.self) { try ResourceAddress(resource: "nosuchthing").resolve() }
        #expect(throws: ResourceAddressError.self) { try ResourceAddress(resource: "pods", name: "a", allNamespaces: true).resolve() }
        #expect(throws: ResourceAddressError.self) { try ResourceAddress(resource: "pods", name: "a/b").resolve() }
        #expect(throws: ResourceAddressError.self) { try ResourceAddress(resource: "pods", namespace: "").resolve() }
        // A custom resource by name with unknown scope cannot be placed.
        #expect(throws: ResourceAddressError.self) { try ResourceAddress(resource: "widgets.example.com", name: "w").resolve() }
        #expect(throws: ResourceAddressError.self) { try ResourceAddress(resource: "").resolve() }
    }

    @Test func preferredGroups() throws {
        #expect(ResourceTable.builtin.lookup("deploy")?.group == "apps")
        #expect(ResourceTable.builtin.lookup("ing")?.group == "networking.k8s.io")
        #expect(ResourceTable.builtin.lookup("events")?.group == "")
        #expect(ResourceTable.builtin.lookup("events", group: "events.k8s.io")?.storedAPIVersion == "v1")
        #expect(ResourceTable.builtin.lookup("hpa")?.storedAPIVersion == "autoscaling/v2")
        #expect(ResourceTable.builtin.lookup("crd")?.encoding == .json)
        #expect(ResourceTable.builtin.lookup("apiservices")?.encoding == .json)
        #expect(ResourceTable.builtin.lookup("pods")?.encoding == .protobuf)
    }

    @Test func versionSplitting() {
        #expect(ResourceAddress.splitResource("deployments.v1.apps") == ("deployments", "apps"))
        #expect(ResourceAddress.splitResource("deployments.v1beta2.apps") == ("deployments", "apps"))
        #expect(ResourceAddress.splitResource("foo.vendor.io") == ("foo", "vendor.io"))
        #expect(ResourceAddress.splitResource("pods") == ("pods", nil))
    }

    @Test func resourceForKey() {
        let t = ResourceTable.builtin
        #expect(t.resource(forKey: "/registry/services/endpoints/a/b")?.kind == "Endpoints")
        #expect(t.resource(forKey: "/registry/services/specs/a/b")?.kind == "Service")
        #expect(t.resource(forKey: "/registry/minions/n")?.kind == "Node")
        #expect(t.resource(forKey: "/registry/ingress/a/b")?.group == "networking.k8s.io")
        #expect(t.resource(forKey: "/registry/podtemplates/a/b")?.kind == "PodTemplate")
        #expect(t.resource(forKey: "compact_rev_key") == nil)
    }
}
