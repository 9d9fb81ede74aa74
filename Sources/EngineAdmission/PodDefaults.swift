import EngineKit
import GoJSON
import KubeCodec

/// SetDefaults_Pod: the defaults that materialize only in Pod objects, never in the pod
/// templates of workloads (upstream keeps them out of SetDefaults_PodSpec on purpose, so that
/// adding them does not change every template and roll every workload).
enum PodDefaults {
    /// InPlacePodVerticalScaling is on by default from 1.33 (beta), which adds resizePolicy.
    static let resizePolicySince = KubeVersion(major: 1, minor: 33)

    static func apply(to pod: inout JSONValue, kubeVersion: KubeVersion) {
        guard pod.has("spec") else { return }
        pod.modify(at: "spec") { spec in
            PodSpecDefaults.apply(to: &spec, kubeVersion: kubeVersion)
            spec.forEachObject(at: ["containers"]) { container in
                defaultRequestsToLimits(&container)
                if kubeVersion >= resizePolicySince { defaultResizePolicy(&container) }
            }
            spec.forEachObject(at: ["initContainers"]) { defaultRequestsToLimits(&$0) }
            spec.setDefault(.bool(true), at: "enableServiceLinks")
            ResourceListDefaults.apply(to: &spec, at: ["overhead"])
            if spec["hostNetwork"]?.boolValue == true {
                for list in ["containers", "initContainers"] {
                    spec.forEachObject(at: [list]) { container in
                        container.forEachObject(at: ["ports"]) { port in
                            if (port["hostPort"]?.intValue ?? 0) == 0, let containerPort = port["containerPort"] {
                                port.set(containerPort, at: "hostPort")
                            }
                        }
                    }
                }
            }
        }
    }

    /// A limit without a request makes the request equal to the limit.
    private static func defaultRequestsToLimits(_ container: inout JSONValue) {
        guard case .object(let limits)? = container[path: "resources", "limits"] else { return }
        var requests: [JSONMember]
        if case .object(let existing)? = container[path: "resources", "requests"] { requests = existing } else { requests = [] }
        for limit in limits where !requests.contains(where: { $0.key == limit.key }) {
            requests.append(limit)
        }
        container.set(.object(requests), at: "resources", "requests")
    }

    private static func defaultResizePolicy(_ container: inout JSONValue) {
        guard case .object(let requests)? = container[path: "resources", "requests"] else { return }
        let specified = Set(container.array("resizePolicy").compactMap { $0.string("resourceName") })
        for resource in ["cpu", "memory"] where requests.contains(where: { $0.key == resource }) && !specified.contains(resource) {
            container.append(.object(["resourceName": .string(resource), "restartPolicy": .string("NotRequired")]),
                             toArrayAt: ["resizePolicy"])
        }
    }
}
