import EngineKit
import GoJSON

/// The pod's QoS class as kube-apiserver computes it at create (qos.GetPodQOS): only cpu and
/// memory count; Guaranteed needs every container to limit both and requests to equal limits.
enum PodQOS {
    static let computeResources: Set<String> = ["cpu", "memory"]

    static func classify(_ spec: JSONValue) -> String {
        // PodLevelResources: a pod-level resources stanza decides on its own.
        if let podLevel = spec["resources"], podLevel.has("requests") || podLevel.has("limits") {
            return classify(resources: [podLevel])
        }
        let containers = spec.array("containers") + spec.array("initContainers")
        return classify(resources: containers.map { $0["resources"] ?? .null })
    }

    private static func classify(resources: [JSONValue]) -> String {
        var requests: [String: Quantity] = [:]
        var limits: [String: Quantity] = [:]
        var guaranteed = true
        for r in resources {
            for (name, quantity) in positive(r["requests"]) { requests[name] = (requests[name] ?? .zero) + quantity }
            var limitedHere = Set<String>()
            for (name, quantity) in positive(r["limits"]) {
                limitedHere.insert(name)
                limits[name] = (limits[name] ?? .zero) + quantity
            }
            if !limitedHere.isSuperset(of: computeResources) { guaranteed = false }
        }
        if requests.isEmpty && limits.isEmpty { return "BestEffort" }
        if guaranteed {
            for (name, request) in requests where limits[name] != request {
                guaranteed = false
                break
            }
        }
        return guaranteed && requests.count == limits.count ? "Guaranteed" : "Burstable"
    }

    /// The cpu and memory entries of a resource list that are above zero.
    private static func positive(_ list: JSONValue?) -> [(String, Quantity)] {
        guard case .object(let members)? = list else { return [] }
        return members.compactMap { m in
            guard computeResources.contains(m.key), let text = m.value.stringValue ?? numberText(m.value),
                  let q = Quantity(text), q > .zero else { return nil }
            return (m.key, q)
        }
    }

    private static func numberText(_ v: JSONValue) -> String? {
        if case .number(let n) = v { return n }
        return nil
    }
}
