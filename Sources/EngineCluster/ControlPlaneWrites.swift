import EngineAPI
import EngineBootstrap
import EngineKit
import EngineStore
import EtcdModel
import GoJSON
import KubeCodec

/// What kube-apiserver writes by itself on first start, beyond the bootstrap tables: the
/// `kubernetes` Service with its Endpoints and EndpointSlice, the ServiceCIDR, the node-port
/// range, the masterleases key (with a short etcd lease) and the apiserver identity Lease.
struct ControlPlaneWrites {
    let spec: ClusterSpec
    let api: APIServer
    static let manager = "kube-apiserver"

    func writeBootstrap(caPEM: String) async throws {
        let settings = BootstrapSettings(hostname: spec.hostname, clientCAPEM: caPEM)
        let objects = BootstrapObjects.apiserverObjects(for: spec.kubeVersion, settings: settings)
        // Namespaces first (everything else lives in them), then the kubernetes service.
        for item in objects where item.object["kind"]?.stringValue == "Namespace" {
            try await api.create(item.object, manager: item.manager)
        }
        if spec.kubeVersion >= KubeVersion(major: 1, minor: 33) { try await writeServiceCIDR() }
        try await writeKubernetesService()
        for item in objects where item.object["kind"]?.stringValue != "Namespace" {
            var object = item.object
            if object["kind"]?.stringValue == "APIService" {
                object.set(.object([JSONMember("conditions", .array([.object([
                    JSONMember("type", .string("Available")),
                    JSONMember("status", .string("True")),
                    JSONMember("lastTransitionTime", .string(api.clock.timestamp())),
                    JSONMember("reason", .string("Local")),
                    JSONMember("message", .string("Local APIServices are always available")),
                ])]))]), at: "status")
            }
            try await api.create(object, manager: item.manager)
        }
        try await api.writeNodePortRange()
        try await writeMasterLease()
        try await writeIdentityLease()
    }

    private func writeServiceCIDR() async throws {
        let created = try await api.create(.object([
            JSONMember("apiVersion", .string("networking.k8s.io/v1")),
            JSONMember("kind", .string("ServiceCIDR")),
            JSONMember("metadata", .object([
                JSONMember("name", .string("kubernetes")),
                JSONMember("finalizers", .array([.string("networking.k8s.io/service-cidr-finalizer")])),
            ])),
            JSONMember("spec", .object([JSONMember("cidrs", .array([.string(spec.serviceCIDR)]))])),
        ]), manager: "kube-apiserver")
        var ready = created
        ready.set(.array([.object([
            JSONMember("type", .string("Ready")),
            JSONMember("status", .string("True")),
            JSONMember("lastTransitionTime", .string(api.clock.timestamp())),
            JSONMember("reason", .string("")),
            JSONMember("message", .string("Kubernetes Service CIDR is ready")),
        ])]), at: "status", "conditions")
        try await api.update(ready, manager: "kube-apiserver", subresource: "status")
    }

    private func writeKubernetesService() async throws {
        let firstIP = firstServiceIP()
        try await api.create(.object([
            JSONMember("apiVersion", .string("v1")),
            JSONMember("kind", .string("Service")),
            JSONMember("metadata", .object([
                JSONMember("name", .string("kubernetes")),
                JSONMember("namespace", .string("default")),
                JSONMember("labels", .object([
                    JSONMember("component", .string("apiserver")),
                    JSONMember("provider", .string("kubernetes")),
                ])),
            ])),
            JSONMember("spec", .object([
                JSONMember("ports", .array([.object([
                    JSONMember("name", .string("https")),
                    JSONMember("protocol", .string("TCP")),
                    JSONMember("port", .int(443)),
                    JSONMember("targetPort", .int(spec.securePort)),
                ])])),
                JSONMember("clusterIP", .string(firstIP)),
                JSONMember("type", .string("ClusterIP")),
                JSONMember("sessionAffinity", .string("None")),
            ])),
        ]), manager: Self.manager)
        try await api.create(.object([
            JSONMember("apiVersion", .string("v1")),
            JSONMember("kind", .string("Endpoints")),
            JSONMember("metadata", .object([
                JSONMember("name", .string("kubernetes")),
                JSONMember("namespace", .string("default")),
                JSONMember("labels", .object([JSONMember("endpointslice.kubernetes.io/skip-mirror", .string("true"))])),
            ])),
            JSONMember("subsets", .array([.object([
                JSONMember("addresses", .array([.object([JSONMember("ip", .string(spec.advertiseAddress))])])),
                JSONMember("ports", .array([.object([
                    JSONMember("name", .string("https")),
                    JSONMember("port", .int(spec.securePort)),
                    JSONMember("protocol", .string("TCP")),
                ])])),
            ])])),
        ]), manager: Self.manager)
        try await api.create(.object([
            JSONMember("apiVersion", .string("discovery.k8s.io/v1")),
            JSONMember("kind", .string("EndpointSlice")),
            JSONMember("metadata", .object([
                JSONMember("name", .string("kubernetes")),
                JSONMember("namespace", .string("default")),
                JSONMember("labels", .object([JSONMember("kubernetes.io/service-name", .string("kubernetes"))])),
            ])),
            JSONMember("addressType", .string("IPv4")),
            JSONMember("endpoints", .array([.object([
                JSONMember("addresses", .array([.string(spec.advertiseAddress)])),
                JSONMember("conditions", .object([JSONMember("ready", .bool(true))])),
            ])])),
            JSONMember("ports", .array([.object([
                JSONMember("name", .string("https")),
                JSONMember("protocol", .string("TCP")),
                JSONMember("port", .int(spec.securePort)),
            ])])),
        ]), manager: Self.manager)
    }

    func firstServiceIP() -> String {
        let base = spec.serviceCIDR.split(separator: "/")[0].split(separator: ".").compactMap { Int($0) }
        guard base.count == 4 else { return "10.96.0.1" }
        return "\(base[0]).\(base[1]).\(base[2]).\(base[3] + 1)"
    }

    /// /registry/masterleases/<ip>: an Endpoints-shaped record under a 15 s etcd lease,
    /// rewritten every 10 s by the lease endpoint reconciler.
    func writeMasterLease() async throws {
        let object = JSONValue.object([
            JSONMember("apiVersion", .string("v1")),
            JSONMember("kind", .string("Endpoints")),
            JSONMember("metadata", .object([
                JSONMember("name", .string(spec.advertiseAddress)),
                JSONMember("namespace", .string("default")),
                JSONMember("creationTimestamp", .null),
            ])),
            JSONMember("subsets", .array([.object([
                JSONMember("addresses", .array([.object([JSONMember("ip", .string(spec.advertiseAddress))])])),
            ])])),
        ])
        let bytes = try KubeEncoder().encodeForStorage(object, options: .init(prepareForStorage: true)).bytes
        let lease = try await api.store.leaseGrant(ttl: 15, id: 0)
        let key = Array("\(spec.etcdPrefix)/masterleases/\(spec.advertiseAddress)".utf8)
        _ = try await api.store.put(KVPutRequest(key: key, value: bytes, lease: lease.id))
    }

    var identityLeaseName: String { BootstrapObjects.identityLeaseName(hostname: spec.hostname) }

    func writeIdentityLease() async throws {
        let now = api.clock.microTimestamp()
        try await api.create(.object([
            JSONMember("apiVersion", .string("coordination.k8s.io/v1")),
            JSONMember("kind", .string("Lease")),
            JSONMember("metadata", .object([
                JSONMember("name", .string(identityLeaseName)),
                JSONMember("namespace", .string("kube-system")),
                JSONMember("labels", .object([
                    JSONMember("apiserver.kubernetes.io/identity", .string("kube-apiserver")),
                    JSONMember("kubernetes.io/hostname", .string(spec.hostname)),
                ])),
            ])),
            JSONMember("spec", .object([
                JSONMember("holderIdentity", .string(identityLeaseName + "_" + api.withRandom { $0.uuid() })),
                JSONMember("leaseDurationSeconds", .int(3600)),
                JSONMember("acquireTime", .string(now)),
                JSONMember("renewTime", .string(now)),
            ])),
        ]), manager: Self.manager)
    }
}
