import EngineKit
import GoJSON

/// SetDefaults_Service, SetDefaults_Endpoints and discovery/v1 SetDefaults_EndpointPort.
enum ServiceDefaults {
    static func service(_ s: inout JSONValue) {
        if (s.string("spec", "sessionAffinity") ?? "").isEmpty { s.set(.string("None"), at: "spec", "sessionAffinity") }
        switch s.string("spec", "sessionAffinity") {
        case "None": s.remove(at: "spec", "sessionAffinityConfig")
        case "ClientIP":
            if !s.has("spec", "sessionAffinityConfig", "clientIP", "timeoutSeconds") {
                s.set(.object(["clientIP": .object(["timeoutSeconds": .int(10800)])]), at: "spec", "sessionAffinityConfig")
            }
        default: break
        }
        if (s.string("spec", "type") ?? "").isEmpty { s.set(.string("ClusterIP"), at: "spec", "type") }
        s.forEachObject(at: ["spec", "ports"]) { port in
            if (port.string("protocol") ?? "").isEmpty { port.set(.string("TCP"), at: "protocol") }
            let target = port["targetPort"]
            if target == nil || target == .null || target == .number("0") || target == .string(""), let number = port["port"] {
                port.set(number, at: "targetPort")
            }
        }
        let type = s.string("spec", "type") ?? ""
        let externallyAccessible = type == "LoadBalancer" || type == "NodePort"
            || (type == "ClusterIP" && !s.array("spec", "externalIPs").isEmpty)
        if externallyAccessible, (s.string("spec", "externalTrafficPolicy") ?? "").isEmpty {
            s.set(.string("Cluster"), at: "spec", "externalTrafficPolicy")
        }
        if ["NodePort", "LoadBalancer", "ClusterIP"].contains(type) {
            s.setDefault(.string("Cluster"), at: "spec", "internalTrafficPolicy")
        }
        if type == "LoadBalancer" { s.setDefault(.bool(true), at: "spec", "allocateLoadBalancerNodePorts") }
    }

    static func endpoints(_ e: inout JSONValue) {
        e.forEachObject(at: ["subsets"]) { subset in
            subset.forEachObject(at: ["ports"]) { port in
                if (port.string("protocol") ?? "").isEmpty { port.set(.string("TCP"), at: "protocol") }
            }
        }
    }

    /// discovery/v1 ports: name and protocol are pointers, defaulted to "" and TCP.
    static func endpointSlice(_ e: inout JSONValue) {
        e.forEachObject(at: ["ports"]) { port in
            port.setDefault(.string(""), at: "name")
            port.setDefault(.string("TCP"), at: "protocol")
        }
    }
}
