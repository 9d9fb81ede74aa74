import EngineAdmission
import EngineKit
import GoJSON
import KubeCodec
import KubeResources

/// An AdmissionContext over a dictionary of stored objects, with name suffixes handed out from a
/// fixed list so tests know them.
final class TestCluster: AdmissionContext {
    let kubeVersion: KubeVersion
    private var objects: [String: JSONValue] = [:]
    private var suffixes: [String]
    private(set) var handedOutSuffixes: [String] = []

    init(kubeVersion: KubeVersion = KubeVersion(major: 1, minor: 35), suffixes: [String] = ["x7k2p", "m4q9z"]) {
        self.kubeVersion = kubeVersion
        self.suffixes = suffixes
    }

    func store(_ resource: String, namespace: String = "", name: String, _ object: JSONValue) {
        objects[key(resource, namespace, name)] = object
    }

    func lookup(_ resource: ResourceInfo, namespace: String, name: String) -> JSONValue? {
        objects[key(resource.plural, namespace, name)]
    }

    func lookup(plural: String, group: String, namespace: String, name: String) -> JSONValue? {
        objects[key(plural, namespace, name)]
    }

    func nameSuffix() -> String {
        let next = suffixes.isEmpty ? "zzzzz" : suffixes.removeFirst()
        handedOutSuffixes.append(next)
        return next
    }

    private func key(_ plural: String, _ namespace: String, _ name: String) -> String { plural + "/" + namespace + "/" + name }

    /// A cluster with namespace `default` (Active), its `default` ServiceAccount and the two
    /// bootstrap PriorityClasses.
    static func standard(kubeVersion: KubeVersion = KubeVersion(major: 1, minor: 35)) -> TestCluster {
        let c = TestCluster(kubeVersion: kubeVersion)
        c.store("namespaces", name: "default", json(#"{"metadata":{"name":"default"},"status":{"phase":"Active"}}"#))
        c.store("serviceaccounts", namespace: "default", name: "default", json(#"{"metadata":{"name":"default","namespace":"default"}}"#))
        c.store("priorityclasses", name: "system-node-critical",
                json(#"{"metadata":{"name":"system-node-critical"},"value":2000001000,"preemptionPolicy":"PreemptLowerPriority"}"#))
        c.store("priorityclasses", name: "no-preempt",
                json(#"{"metadata":{"name":"no-preempt"},"value":1000,"preemptionPolicy":"Never"}"#))
        return c
    }
}

func json(_ text: String) -> JSONValue {
    do { return try JSONParser.parse(text) } catch { fatalError("bad test JSON: \(error)\n\(text)") }
}

func resource(_ kind: String, group: String) -> ResourceInfo {
    guard let r = ResourceTable.builtin.lookup(kind, group: group) else { fatalError("unknown kind \(kind)") }
    return r
}

/// Defaults, then admits a create, the way the API server calls the policy.
func create(_ kind: String, group: String = "", _ text: String, in cluster: TestCluster,
            policy: KubeAdmission? = nil) throws(APIError) -> JSONValue {
    let info = resource(kind, group: group)
    let admission = policy ?? KubeAdmission(kubeVersion: cluster.kubeVersion)
    var object = json(text)
    admission.applyDefaults(&object, resource: info, kubeVersion: cluster.kubeVersion)
    var request = AdmissionRequest(operation: .create, resource: info, object: object,
                                   namespace: object[path: "metadata", "namespace"]?.stringValue ?? "",
                                   name: object[path: "metadata", "name"]?.stringValue ?? "")
    try admission.admit(&request, context: cluster)
    return request.object
}

func update(_ kind: String, group: String = "", old: JSONValue, new: JSONValue, in cluster: TestCluster) throws(APIError) -> JSONValue {
    let info = resource(kind, group: group)
    let admission = KubeAdmission(kubeVersion: cluster.kubeVersion)
    var object = new
    admission.applyDefaults(&object, resource: info, kubeVersion: cluster.kubeVersion)
    var request = AdmissionRequest(operation: .update, resource: info, object: object, oldObject: old,
                                   namespace: old[path: "metadata", "namespace"]?.stringValue ?? "",
                                   name: old[path: "metadata", "name"]?.stringValue ?? "")
    try admission.admit(&request, context: cluster)
    return request.object
}

/// The error a create throws, or nil.
func createError(_ kind: String, group: String = "", _ text: String, in cluster: TestCluster,
                 policy: KubeAdmission? = nil) -> APIError? {
    do {
        _ = try create(kind, group: group, text, in: cluster, policy: policy)
        return nil
    } catch {
        return error
    }
}

extension JSONValue {
    func at(_ path: String...) -> JSONValue? { self[path: path] }
    func text(_ path: String...) -> String? { self[path: path]?.stringValue }
}
