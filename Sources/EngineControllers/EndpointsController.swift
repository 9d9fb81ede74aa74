import EngineAPI
import EngineKit
import GoJSON

/// What the endpoints and endpointslice controllers share: they reconcile Services and wake a
/// Service when a pod its selector matches (before or after the change) changes.
class ServicePodController: WorkloadQueueController {
    private var selectors: [WorkloadKey: [String: String]] = [:]
    private var podLabels: [WorkloadKey: [String: String]] = [:]

    override var watchedKinds: [(String, String)] { [("v1", "Service"), ("v1", "Pod")] }

    override func initialKeys(api: APIServer) async throws -> [WorkloadKey] {
        let services = try await api.workloadList("v1", "Service")
        for svc in services { selectors[WorkloadObject.key(svc)] = WorkloadObject.labels(svc, at: ["spec", "selector"]) }
        for pod in try await api.workloadList("v1", "Pod") { podLabels[WorkloadObject.key(pod)] = WorkloadObject.labels(pod) }
        return services.map(WorkloadObject.key)
    }

    override func keys(for event: APIWatchEvent, api: APIServer) -> [WorkloadKey] {
        let key = WorkloadObject.key(event.object)
        if event.resource.kind == "Service" {
            selectors[key] = event.kind == .deleted ? nil : WorkloadObject.labels(event.object, at: ["spec", "selector"])
            return [key]
        }
        let before = podLabels[key]
        let after = WorkloadObject.labels(event.object)
        podLabels[key] = event.kind == .deleted ? nil : after
        return selectors.keys.filter { svc in
            guard svc.namespace == key.namespace, let selector = selectors[svc] else { return false }
            return WorkloadObject.mapSelectorMatches(selector, after) || before.map { WorkloadObject.mapSelectorMatches(selector, $0) } == true
        }.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
    }

    /// One pod as a backend of a service.
    struct Backend {
        var pod: JSONValue
        var ip: String
        var ready: Bool
        var terminating: Bool
        /// The service's ports resolved against this pod (named targetPorts through the pod's
        /// container ports), as EndpointPort objects.
        var ports: [JSONValue]
    }

    /// The pods behind a service, with an IP, not finished, sorted by IP then uid.
    static func backends(of svc: JSONValue, api: APIServer, includeTerminating: Bool) async throws -> [Backend] {
        let selector = WorkloadObject.labels(svc, at: ["spec", "selector"])
        let publishNotReady = svc[path: ["spec", "publishNotReadyAddresses"]]?.boolValue == true
        var out: [Backend] = []
        for pod in try await api.workloadList("v1", "Pod", namespace: WorkloadObject.namespace(svc))
        where WorkloadObject.mapSelectorMatches(selector, WorkloadObject.labels(pod)) {
            guard let ip = pod[path: ["status", "podIP"]]?.stringValue, !ip.isEmpty else { continue }
            let phase = WorkloadPod.phase(pod)
            let restart = pod[path: ["spec", "restartPolicy"]]?.stringValue ?? "Always"
            if restart == "Never" && (phase == "Succeeded" || phase == "Failed") { continue }
            if restart == "OnFailure" && phase == "Succeeded" { continue }
            let terminating = WorkloadObject.isDeleting(pod)
            if terminating && !includeTerminating && !publishNotReady { continue }
            out.append(Backend(pod: pod, ip: ip, ready: publishNotReady || WorkloadPod.isReady(pod), terminating: terminating,
                               ports: ports(of: svc, for: pod)))
        }
        return out.sorted { ($0.ip, WorkloadObject.uid($0.pod)) < ($1.ip, WorkloadObject.uid($1.pod)) }
    }

    static func ports(of svc: JSONValue, for pod: JSONValue) -> [JSONValue] {
        var out: [JSONValue] = []
        for port in svc[path: ["spec", "ports"]]?.elements ?? [] {
            let target = port["targetPort"] ?? port["port"] ?? .null
            var number = target.intValue
            if number == nil, let name = target.stringValue {
                let containers = pod[path: ["spec", "containers"]]?.elements ?? []
                number = containers.flatMap { $0["ports"]?.elements ?? [] }.first { $0["name"]?.stringValue == name }?["containerPort"]?.intValue
            }
            guard let number else { continue }
            var members = [JSONMember("name", port["name"] ?? .string(""))]
            members.append(JSONMember("port", .int(number)))
            members.append(JSONMember("protocol", port["protocol"] ?? .string("TCP")))
            if let app = port["appProtocol"] { members.append(JSONMember("appProtocol", app)) }
            out.append(.object(members))
        }
        return out
    }

    /// endpoints.kubernetes.io/last-change-trigger-time: the latest change among the service
    /// and its pods (creation, or the Ready condition's last transition).
    static func triggerTime(_ svc: JSONValue, _ backends: [Backend]) -> String {
        var latest = svc[path: ["metadata", "creationTimestamp"]]?.stringValue ?? ""
        for b in backends {
            let t = WorkloadPod.condition(b.pod, "Ready")?["lastTransitionTime"]?.stringValue
                ?? b.pod[path: ["metadata", "creationTimestamp"]]?.stringValue ?? ""
            if t > latest { latest = t }
        }
        return latest
    }

    static func isHeadless(_ svc: JSONValue) -> Bool { svc[path: ["spec", "clusterIP"]]?.stringValue == "None" }

    static let triggerAnnotation = "endpoints.kubernetes.io/last-change-trigger-time"
}

/// The endpoints controller: an Endpoints object per selecting Service, named like it, with the
/// ready pod addresses, the not-ready ones and the resolved ports.
final class EndpointsController: ServicePodController {
    init() { super.init(name: "endpoint-controller") }

    override func reconcile(_ key: WorkloadKey, api: APIServer) async throws -> Bool {
        let existing = try await api.workloadGet("v1", "Endpoints", key)
        guard let svc = try await api.workloadGet("v1", "Service", key) else {
            // The Endpoints of a deleted service go with it.
            guard existing != nil else { return false }
            _ = try? await api.delete(try api.resource(apiVersion: "v1", kind: "Endpoints"), namespace: key.namespace, name: key.name,
                                      manager: WorkloadControllers.manager)
            return true
        }
        guard !WorkloadObject.labels(svc, at: ["spec", "selector"]).isEmpty else { return false }
        let backends = try await Self.backends(of: svc, api: api, includeTerminating: false)
        let subsets = Self.subsets(backends)
        var labels = WorkloadObject.labels(svc)
        if Self.isHeadless(svc) { labels["service.kubernetes.io/headless"] = "" }
        let labelsValue: JSONValue? = labels.isEmpty ? nil : WorkloadObject.labelsValue(labels)
        if let existing, existing["subsets"] == subsets, existing[path: ["metadata", "labels"]] == labelsValue {
            return false
        }
        var meta: [JSONMember] = [JSONMember("name", .string(key.name)), JSONMember("namespace", .string(key.namespace))]
        if let labelsValue { meta.append(JSONMember("labels", labelsValue)) }
        let trigger = Self.triggerTime(svc, backends)
        if !trigger.isEmpty { meta.append(JSONMember("annotations", .object([JSONMember(Self.triggerAnnotation, .string(trigger))]))) }
        var endpoints: [JSONMember] = [
            JSONMember("apiVersion", .string("v1")),
            JSONMember("kind", .string("Endpoints")),
            JSONMember("metadata", .object(meta)),
        ]
        if let subsets { endpoints.append(JSONMember("subsets", subsets)) }
        var object = JSONValue.object(endpoints)
        if let existing {
            object.set(existing[path: ["metadata", "resourceVersion"]] ?? .null, at: "metadata", "resourceVersion")
            _ = try await api.workloadUpdate(object)
        } else {
            _ = try await api.create(object, manager: WorkloadControllers.manager)
        }
        return true
    }

    /// Subsets grouped by identical port lists (RepackSubsets), nil when there is no backend.
    static func subsets(_ backends: [Backend]) -> JSONValue? {
        var groups: [(ports: [JSONValue], ready: [JSONValue], notReady: [JSONValue])] = []
        for b in backends where !b.ports.isEmpty {
            var address: [JSONMember] = [JSONMember("ip", .string(b.ip))]
            if let node = b.pod[path: ["spec", "nodeName"]]?.stringValue, !node.isEmpty { address.append(JSONMember("nodeName", .string(node))) }
            address.append(JSONMember("targetRef", .object([
                JSONMember("kind", .string("Pod")),
                JSONMember("namespace", .string(WorkloadObject.namespace(b.pod))),
                JSONMember("name", .string(WorkloadObject.name(b.pod))),
                JSONMember("uid", .string(WorkloadObject.uid(b.pod))),
            ])))
            let i: Int
            if let found = groups.firstIndex(where: { $0.ports == b.ports }) { i = found } else {
                groups.append((b.ports, [], []))
                i = groups.count - 1
            }
            if b.ready { groups[i].ready.append(.object(address)) } else { groups[i].notReady.append(.object(address)) }
        }
        guard !groups.isEmpty else { return nil }
        return .array(groups.map { g in
            var members: [JSONMember] = []
            if !g.ready.isEmpty { members.append(JSONMember("addresses", .array(g.ready))) }
            if !g.notReady.isEmpty { members.append(JSONMember("notReadyAddresses", .array(g.notReady))) }
            members.append(JSONMember("ports", .array(g.ports)))
            return .object(members)
        })
    }
}
