import EngineAPI
import EngineKit
import GoJSON

/// The endpointslice controller: one EndpointSlice (`<svc>-<5>`, addressType IPv4) per selecting
/// Service, owned by it, with every backend pod and its ready/serving/terminating conditions.
/// (One slice holds up to 100 endpoints upstream; the engine's services stay below that.)
final class EndpointSliceController: ServicePodController {
    static let managedBy = "endpointslice-controller.k8s.io"

    init() { super.init(name: "endpointslice-controller") }

    override func reconcile(_ key: WorkloadKey, api: APIServer) async throws -> Bool {
        let slices = try await api.workloadList("discovery.k8s.io/v1", "EndpointSlice", namespace: key.namespace).filter {
            let labels = WorkloadObject.labels($0)
            return labels["kubernetes.io/service-name"] == key.name && labels["endpointslice.kubernetes.io/managed-by"] == Self.managedBy
        }
        // A deleted service's slices go through the garbage collector (they are owned).
        guard let svc = try await api.workloadGet("v1", "Service", key),
              !WorkloadObject.labels(svc, at: ["spec", "selector"]).isEmpty else { return false }
        let backends = try await Self.backends(of: svc, api: api, includeTerminating: true)
        var labels = WorkloadObject.labels(svc)
        labels["endpointslice.kubernetes.io/managed-by"] = Self.managedBy
        labels["kubernetes.io/service-name"] = key.name
        if Self.isHeadless(svc) { labels["service.kubernetes.io/headless"] = "" }
        let endpoints: [JSONValue] = backends.map { b in
            var members: [JSONMember] = [
                JSONMember("addresses", .array([.string(b.ip)])),
                JSONMember("conditions", .object([
                    JSONMember("ready", .bool(b.ready && !b.terminating)),
                    JSONMember("serving", .bool(b.ready)),
                    JSONMember("terminating", .bool(b.terminating)),
                ])),
                JSONMember("targetRef", .object([
                    JSONMember("kind", .string("Pod")),
                    JSONMember("namespace", .string(WorkloadObject.namespace(b.pod))),
                    JSONMember("name", .string(WorkloadObject.name(b.pod))),
                    JSONMember("uid", .string(WorkloadObject.uid(b.pod))),
                ])),
            ]
            if let node = b.pod[path: ["spec", "nodeName"]]?.stringValue, !node.isEmpty { members.append(JSONMember("nodeName", .string(node))) }
            return .object(members)
        }
        // Slice ports are the service's ports in EndpointPort field order (name, protocol, port).
        let ports: [JSONValue] = (backends.first?.ports ?? []).map { p in
            var members = [JSONMember("name", p["name"] ?? .string("")), JSONMember("protocol", p["protocol"] ?? .string("TCP")),
                           JSONMember("port", p["port"] ?? .int(0))]
            if let app = p["appProtocol"] { members.append(JSONMember("appProtocol", app)) }
            return .object(members)
        }
        let labelsValue = WorkloadObject.labelsValue(labels)
        if var slice = slices.first {
            let sameEndpoints = (slice["endpoints"]?.elements ?? []) == endpoints
            let samePorts = (slice["ports"]?.elements ?? []) == ports
            if sameEndpoints, samePorts, slice[path: ["metadata", "labels"]] == labelsValue { return false }
            slice.set(labelsValue, at: "metadata", "labels")
            slice.set(.string(Self.triggerTime(svc, backends)), at: ["metadata", "annotations", Self.triggerAnnotation])
            if endpoints.isEmpty { slice.remove(at: "endpoints") } else { slice.set(.array(endpoints), at: "endpoints") }
            if ports.isEmpty { slice.remove(at: "ports") } else { slice.set(.array(ports), at: "ports") }
            _ = try await api.workloadUpdate(slice)
            return true
        }
        var object: [JSONMember] = [
            JSONMember("apiVersion", .string("discovery.k8s.io/v1")),
            JSONMember("kind", .string("EndpointSlice")),
            JSONMember("metadata", .object([
                JSONMember("generateName", .string(key.name + "-")),
                JSONMember("namespace", .string(key.namespace)),
                JSONMember("labels", labelsValue),
                JSONMember("annotations", .object([JSONMember(Self.triggerAnnotation, .string(Self.triggerTime(svc, backends)))])),
                JSONMember("ownerReferences", .array([WorkloadObject.controllerReference(to: svc)])),
            ])),
            JSONMember("addressType", .string("IPv4")),
        ]
        if !endpoints.isEmpty { object.append(JSONMember("endpoints", .array(endpoints))) }
        if !ports.isEmpty { object.append(JSONMember("ports", .array(ports))) }
        _ = try await api.create(.object(object), manager: WorkloadControllers.manager)
        return true
    }
}
