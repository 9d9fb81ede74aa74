import EngineAdmission
import EngineAPI
import EngineControllers
import EngineKit
import EngineStore
import GoJSON
import KubeCodec
import KubeResources

/// An API server with kube-apiserver's admission, a `default` namespace and the workload
/// controllers (no scheduler, no kubelets: pods stay Pending unless a test moves them).
struct WorkloadTestCluster {
    static let caPEM = "-----BEGIN CERTIFICATE-----\nTESTCA\n-----END CERTIFICATE-----\n"
    let api: APIServer
    let loop: ControlLoop

    init(minor: Int = 35) async throws {
        let version = KubeVersion(major: 1, minor: minor)
        let clock = EngineClock()
        let store = EmbeddedStore(configuration: .init(seed: 11, clock: clock))
        api = try APIServer(store: store, clock: clock, seed: 11, policy: KubeAdmission(kubeVersion: version),
                            configuration: .init(kubeVersion: version))
        try await api.create(Self.object("v1", "Namespace", name: "default"), manager: "test")
        loop = ControlLoop(api: api, controllers: WorkloadControllers.all(caPEM: Self.caPEM))
    }

    @discardableResult
    func settle() async throws -> ControlLoop.Stats { try await loop.run(maxRounds: 500) }

    static func object(_ apiVersion: String, _ kind: String, name: String, namespace: String? = nil,
                       _ rest: [JSONMember] = []) -> JSONValue {
        var meta = [JSONMember("name", .string(name))]
        if let namespace { meta.append(JSONMember("namespace", .string(namespace))) }
        return .object([JSONMember("apiVersion", .string(apiVersion)), JSONMember("kind", .string(kind)),
                        JSONMember("metadata", .object(meta))] + rest)
    }

    static func podTemplate(labels: [(String, String)], image: String = "nginx:1.27") -> JSONValue {
        .object([
            JSONMember("metadata", .object([JSONMember("labels", .object(labels.map { JSONMember($0.0, .string($0.1)) }))])),
            JSONMember("spec", .object([JSONMember("containers", .array([.object([
                JSONMember("name", .string("web")),
                JSONMember("image", .string(image)),
                JSONMember("ports", .array([.object([JSONMember("name", .string("http")), JSONMember("containerPort", .int(80))])])),
            ])]))])),
        ])
    }

    static func deployment(_ name: String, replicas: Int, image: String = "nginx:1.27") -> JSONValue {
        object("apps/v1", "Deployment", name: name, namespace: "default", [
            JSONMember("spec", .object([
                JSONMember("replicas", .int(replicas)),
                JSONMember("selector", .object([JSONMember("matchLabels", .object([JSONMember("app", .string(name))]))])),
                JSONMember("template", podTemplate(labels: [("app", name)], image: image)),
            ])),
        ])
    }

    func resource(_ apiVersion: String, _ kind: String) throws -> ResourceInfo { try api.resource(apiVersion: apiVersion, kind: kind) }

    func list(_ apiVersion: String, _ kind: String, namespace: String? = "default") async throws -> [JSONValue] {
        try await api.list(try resource(apiVersion, kind), namespace: namespace).items
    }

    func events(reason: String) async throws -> [JSONValue] {
        try await list("v1", "Event").filter { $0["reason"]?.stringValue == reason }
    }

    /// What a kubelet would report for a running, ready pod.
    func markReady(_ pod: JSONValue, ip: String, node: String? = nil) async throws {
        var p = pod
        if let node { p.set(.string(node), at: "spec", "nodeName") }
        let now = api.clock.timestamp()
        p.set(.string("Running"), at: "status", "phase")
        p.set(.string(ip), at: "status", "podIP")
        p.set(.array([.object([
            JSONMember("type", .string("Ready")), JSONMember("status", .string("True")),
            JSONMember("lastProbeTime", .null), JSONMember("lastTransitionTime", .string(now)),
        ])]), at: "status", "conditions")
        _ = try await api.update(p, manager: "kubelet", subresource: "status")
    }

    /// Marks every pod without an IP ready, numbering IPs from `firstIP`; returns the next number.
    func markPendingReady(firstIP: Int) async throws -> Int {
        var next = firstIP
        for pod in try await list("v1", "Pod") where pod[path: ["status", "podIP"]] == nil {
            try await markReady(pod, ip: "10.244.3.\(next)")
            next += 1
        }
        return next
    }

    func setPhase(_ pod: JSONValue, _ phase: String) async throws {
        var p = pod
        p.set(.string(phase), at: "status", "phase")
        _ = try await api.update(p, manager: "kubelet", subresource: "status")
    }
}

extension JSONValue {
    var testName: String { self[path: ["metadata", "name"]]?.stringValue ?? "" }
    var testUID: String { self[path: ["metadata", "uid"]]?.stringValue ?? "" }
    func testString(_ path: String...) -> String? { self[path: path]?.stringValue }
}
