import EngineAPI
import EngineAdmission
import EngineBootstrap
import EngineControllers
import EngineKit
import EngineStore
import GoJSON
import KubeCodec

/// A whole simulated cluster over one store: the API server with kube-apiserver's admission,
/// its own periodic writes, and the control-plane components, driven by one control loop on
/// the engine's clock. Everything random comes from `spec.seed`.
public final class ClusterEngine {
    public let spec: ClusterSpec
    public let api: APIServer
    public let loop: ControlLoop
    let writes: ControlPlaneWrites
    public let caPEM: String

    public init(spec: ClusterSpec, store: any KVStore, clock: EngineClock) throws {
        self.spec = spec
        api = try APIServer(store: store, clock: clock, seed: spec.seed, policy: KubeAdmission(kubeVersion: spec.kubeVersion),
                            configuration: .init(kubeVersion: spec.kubeVersion, etcdPrefix: spec.etcdPrefix, serviceCIDR: spec.serviceCIDR))
        writes = ControlPlaneWrites(spec: spec, api: api)
        caPEM = FixtureCertificate.caPEM(seed: spec.seed)
        loop = ControlLoop(api: api, controllers: [APIServerLoops(writes: writes)])
    }

    /// kube-apiserver's first start: bootstrap objects and its own records.
    public func startControlPlane() async throws {
        try await writes.writeBootstrap(caPEM: caPEM)
    }

    /// `kubeadm init`'s objects (its ConfigMaps, token, RBAC, CoreDNS and kube-proxy).
    public func applyKubeadmObjects() async throws {
        var random = EngineRandom(seed: spec.seed ^ 0x6b75_6265_6164_6d00)
        let tokenID = random.tokenString(6), tokenSecret = random.tokenString(16)
        let expiry = RFC3339.seconds(api.clock.unixNanoseconds + 86_400 * 1_000_000_000)
        let values = [
            "VERSION": "\(spec.kubeVersion.major).\(spec.kubeVersion.minor).0",
            "HOST": spec.hostname,
            "DNS": spec.clusterDNS,
            "POD_CIDR": spec.podCIDR,
            "SERVICE_CIDR": spec.serviceCIDR,
            "TOKEN_ID": tokenID,
            "B64_TOKEN_ID": Base64.encode(Array(tokenID.utf8)),
            "B64_TOKEN_SECRET": Base64.encode(Array(tokenSecret.utf8)),
            "B64_EXPIRY": Base64.encode(Array(expiry.utf8)),
            "B64_GROUPS": Base64.encode(Array("system:bootstrappers:kubeadm:default-node-token".utf8)),
            "CA_BASE64": Base64.encode(Array(caPEM.utf8)),
        ]
        for object in try KubeadmObjects.objects(values) {
            try await api.create(object, manager: KubeadmObjects.manager)
            api.clock.advance(seconds: 0.05)
        }
    }

    /// Creates user objects (from `--apply` files or a scenario) as `kubectl create` would.
    public func apply(_ objects: [JSONValue], manager: String = "kubectl-create") async throws {
        for object in objects {
            var o = object
            if o[path: ["metadata", "namespace"]] == nil, (try? api.resource(of: o))?.namespaced == true {
                o.set(.string("default"), at: "metadata", "namespace")
            }
            try await api.create(o, manager: manager)
            // kubectl's requests to a local apiserver take milliseconds. The components do not
            // run meanwhile, so a long manifest must not outlast the kubelets' lease grace period.
            api.clock.advance(seconds: 0.01)
        }
    }

    public func add(_ component: any Controller) { loop.add(component) }

    /// The kubelet on the control-plane node mirrors its static pods into the API.
    public func createMirrorPods() async throws {
        let nodes = try api.resource(apiVersion: "v1", kind: "Node")
        guard let node = try? await api.get(nodes, namespace: "", name: spec.hostname) else { return }
        var random = EngineRandom(seed: spec.seed ^ 0x7374_6174_6963)
        let pods = try StaticPods.mirrorPods(node: node, spec: spec, seenAt: RFC3339.micros(api.clock.unixNanoseconds).replacingOccurrences(of: "Z", with: "000Z"), random: &random)
        for pod in pods {
            try await api.create(pod, manager: "kubelet")
            api.clock.advance(seconds: 0.2)
        }
    }

    /// Runs the components until the cluster settles, then (with `duration`) until that much
    /// engine time has passed since the start of the run.
    @discardableResult
    public func run(duration: Double? = nil) async throws -> ControlLoop.Stats {
        try await loop.run(duration: duration)
    }
}

extension EngineRandom {
    /// kubeadm's bootstrap token alphabet: lower-case letters and digits.
    mutating func tokenString(_ length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<length).map { _ in alphabet[below(alphabet.count)] })
    }
}
