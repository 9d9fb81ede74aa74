import EngineKit
import GoJSON
import KubeCodec

/// A resource quantity as the scheduler counts it: cpu in millicores, everything else in units
/// (bytes, pods), rounded up like resource.Quantity's MilliValue/Value.
enum SchedulingQuantity {
    static func milli(_ value: JSONValue?) -> Int64 { scaled(value, milli: true) }
    static func units(_ value: JSONValue?) -> Int64 { scaled(value, milli: false) }

    private static func scaled(_ value: JSONValue?, milli: Bool) -> Int64 {
        let text: String
        switch value {
        case .string(let s)?: text = s
        case .number(let n)?: text = n
        default: return 0
        }
        var number = Substring(text)
        var multiplier = 1.0
        if number.count > 2, let f = binary[String(number.suffix(2))] {
            multiplier = f
            number = number.dropLast(2)
        } else if let last = number.last, let f = decimal[last], number.count > 1 {
            multiplier = f
            number = number.dropLast()
        }
        guard let parsed = Double(number) else { return 0 }
        let result = parsed * multiplier * (milli ? 1000 : 1)
        // Quantities round up to the next whole unit (resource.Quantity.Value/MilliValue).
        return Int64(result.rounded(.up))
    }

    private static let binary: [String: Double] = ["Ki": 0x1p10, "Mi": 0x1p20, "Gi": 0x1p30, "Ti": 0x1p40, "Pi": 0x1p50, "Ei": 0x1p60]
    private static let decimal: [Character: Double] = ["n": 1e-9, "u": 1e-6, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18]
}

/// What the scheduler adds up per pod and per node (framework.Resource, cpu/memory/storage/pods).
struct SchedulingResources: Equatable {
    var milliCPU: Int64 = 0
    var memory: Int64 = 0
    var ephemeralStorage: Int64 = 0

    static func + (a: Self, b: Self) -> Self {
        Self(milliCPU: a.milliCPU + b.milliCPU, memory: a.memory + b.memory, ephemeralStorage: a.ephemeralStorage + b.ephemeralStorage)
    }

    static func - (a: Self, b: Self) -> Self {
        Self(milliCPU: a.milliCPU - b.milliCPU, memory: a.memory - b.memory, ephemeralStorage: a.ephemeralStorage - b.ephemeralStorage)
    }

    static func requests(of list: JSONValue?) -> Self {
        Self(milliCPU: SchedulingQuantity.milli(list?["cpu"]), memory: SchedulingQuantity.units(list?["memory"]),
             ephemeralStorage: SchedulingQuantity.units(list?["ephemeral-storage"]))
    }

    /// A pod's request: the sum over its containers, at least the largest init container, plus
    /// the pod overhead (resourcehelper.PodRequests). `nonZero` substitutes the scoring defaults
    /// (100m cpu, 200Mi memory) for containers that request nothing.
    static func podRequests(_ pod: JSONValue, nonZero: Bool = false) -> Self {
        func container(_ c: JSONValue) -> Self {
            var r = requests(of: c[path: ["resources", "requests"]])
            if nonZero {
                if c[path: ["resources", "requests", "cpu"]] == nil { r.milliCPU = 100 }
                if c[path: ["resources", "requests", "memory"]] == nil { r.memory = 200 * 1024 * 1024 }
            }
            return r
        }
        var sum = Self()
        for c in pod[path: ["spec", "containers"]]?.elements ?? [] { sum = sum + container(c) }
        for c in pod[path: ["spec", "initContainers"]]?.elements ?? [] {
            let r = container(c)
            sum.milliCPU = max(sum.milliCPU, r.milliCPU)
            sum.memory = max(sum.memory, r.memory)
            sum.ephemeralStorage = max(sum.ephemeralStorage, r.ephemeralStorage)
        }
        return sum + requests(of: pod[path: ["spec", "overhead"]])
    }
}

/// The outcome of one filter plugin on one node (framework.Status): unschedulable reasons, and
/// whether preemption could help (Unschedulable) or not (UnschedulableAndUnresolvable).
struct FilterFailure {
    var reasons: [String]
    var resolvable: Bool
}

/// One node as the scheduler's cache holds it: what it offers (read once per node update, shared,
/// so that handing a node to each filter and score is one retain), and the running totals of the
/// pods assigned to it.
struct SchedulingNode {
    let facts: NodeFacts
    var requested = SchedulingResources()
    var nonZeroRequested = SchedulingResources()
    var podCount = 0

    init(node: JSONValue) { facts = NodeFacts(node: node) }

    var node: JSONValue { facts.node }
    var name: String { facts.name }
    var allocatable: SchedulingResources { facts.allocatable }
    var allowedPods: Int64 { facts.allowedPods }
    var taints: [JSONValue] { facts.taints }
    var labels: JSONValue? { facts.labels }
    var unschedulable: Bool { facts.unschedulable }

    /// The same node with a newer object and the pod totals kept.
    func updated(_ node: JSONValue) -> SchedulingNode {
        var copy = SchedulingNode(node: node)
        copy.requested = requested
        copy.nonZeroRequested = nonZeroRequested
        copy.podCount = podCount
        return copy
    }
}

/// The parts of a Node object the filters and scores read.
final class NodeFacts: Sendable {
    let node: JSONValue
    let name: String
    let allocatable: SchedulingResources
    let allowedPods: Int64
    let taints: [JSONValue]
    let labels: JSONValue?
    let unschedulable: Bool

    init(node: JSONValue) {
        self.node = node
        name = node[path: ["metadata", "name"]]?.stringValue ?? ""
        allocatable = SchedulingResources.requests(of: node[path: ["status", "allocatable"]])
        allowedPods = SchedulingQuantity.units(node[path: ["status", "allocatable", "pods"]])
        taints = node[path: ["spec", "taints"]]?.elements ?? []
        labels = node[path: ["metadata", "labels"]]
        unschedulable = node[path: ["spec", "unschedulable"]]?.boolValue == true
    }
}

/// A pod as the plugins read it, with its requests summed once per scheduling attempt.
struct SchedulingPod {
    let pod: JSONValue
    let request: SchedulingResources
    let nonZeroRequest: SchedulingResources
    let tolerations: [JSONValue]
    /// The parts the filters and scores read on every node, looked up once per attempt.
    let nodeName: String
    let nodeSelector: [JSONMember]
    let requiredTerms: [JSONValue]?
    let preferredTerms: [JSONValue]

    init(_ pod: JSONValue) {
        self.pod = pod
        request = SchedulingResources.podRequests(pod)
        nonZeroRequest = SchedulingResources.podRequests(pod, nonZero: true)
        tolerations = pod[path: ["spec", "tolerations"]]?.elements ?? []
        nodeName = pod[path: ["spec", "nodeName"]]?.stringValue ?? ""
        nodeSelector = pod[path: ["spec", "nodeSelector"]]?.members ?? []
        let nodeAffinity = pod[path: ["spec", "affinity", "nodeAffinity"]]
        if let required = nodeAffinity?["requiredDuringSchedulingIgnoredDuringExecution"], required != .null {
            requiredTerms = required["nodeSelectorTerms"]?.elements ?? []
        } else {
            requiredTerms = nil
        }
        preferredTerms = nodeAffinity?["preferredDuringSchedulingIgnoredDuringExecution"]?.elements ?? []
    }

    subscript(path path: [String]) -> JSONValue? { pod[path: path] }
}

/// The default profile's filter and score plugins that decide placement for pods without
/// volumes or inter-pod (anti-)affinity.
enum SchedulerPlugins {
    static let maxNodeScore: Int64 = 100

    // MARK: Filters, in the default profile's order; the first failure decides a node's status.

    static func filter(_ pod: SchedulingPod, on node: SchedulingNode, kubeVersion: KubeVersion) -> FilterFailure? {
        if let f = nodeUnschedulable(pod, node) { return f }
        if let f = nodeName(pod, node) { return f }
        if let f = taintToleration(pod, node, kubeVersion: kubeVersion) { return f }
        if let f = nodeAffinity(pod, node) { return f }
        return resourcesFit(pod, node)
    }

    static func nodeUnschedulable(_ pod: SchedulingPod, _ node: SchedulingNode) -> FilterFailure? {
        guard node.unschedulable else { return nil }
        let taint = JSONValue.object(["key": .string("node.kubernetes.io/unschedulable"), "effect": .string("NoSchedule")])
        if tolerations(of: pod).contains(where: { tolerates($0, taint) }) { return nil }
        return FilterFailure(reasons: ["node(s) were unschedulable"], resolvable: false)
    }

    static func nodeName(_ pod: SchedulingPod, _ node: SchedulingNode) -> FilterFailure? {
        guard !pod.nodeName.isEmpty, pod.nodeName != node.name else { return nil }
        return FilterFailure(reasons: ["node(s) didn't match the requested node name"], resolvable: false)
    }

    static func taintToleration(_ pod: SchedulingPod, _ node: SchedulingNode, kubeVersion: KubeVersion) -> FilterFailure? {
        let podTolerations = tolerations(of: pod)
        for taint in node.taints {
            let effect = taint["effect"]?.stringValue ?? ""
            guard effect == "NoSchedule" || effect == "NoExecute" else { continue }
            if podTolerations.contains(where: { tolerates($0, taint) }) { continue }
            // Newer schedulers stopped naming the taint (its value may be private).
            if kubeVersion >= KubeVersion(major: 1, minor: 34) {
                return FilterFailure(reasons: ["node(s) had untolerated taint(s)"], resolvable: false)
            }
            let key = taint["key"]?.stringValue ?? "", value = taint["value"]?.stringValue ?? ""
            return FilterFailure(reasons: ["node(s) had untolerated taint {\(key): \(value)}"], resolvable: false)
        }
        return nil
    }

    static func nodeAffinity(_ pod: SchedulingPod, _ node: SchedulingNode) -> FilterFailure? {
        let failure = FilterFailure(reasons: ["node(s) didn't match Pod's node affinity/selector"], resolvable: false)
        let labels = node.labels
        for member in pod.nodeSelector where labels?[member.key] != member.value {
            return failure
        }
        // Terms are ORed; an empty term list matches nothing.
        if let terms = pod.requiredTerms, !terms.contains(where: { termMatches($0, node) }) { return failure }
        return nil
    }

    static func resourcesFit(_ pod: SchedulingPod, _ node: SchedulingNode) -> FilterFailure? {
        let request = pod.request
        let allocatable = node.allocatable
        var reasons: [String] = []
        var resolvable = true
        if Int64(node.podCount) + 1 > node.allowedPods { reasons.append("Too many pods") }
        func check(_ wanted: Int64, _ used: Int64, _ total: Int64, _ name: String) {
            guard wanted > 0, wanted > total - used else { return }
            reasons.append("Insufficient \(name)")
            if wanted > total { resolvable = false }
        }
        check(request.milliCPU, node.requested.milliCPU, allocatable.milliCPU, "cpu")
        check(request.memory, node.requested.memory, allocatable.memory, "memory")
        check(request.ephemeralStorage, node.requested.ephemeralStorage, allocatable.ephemeralStorage, "ephemeral-storage")
        return reasons.isEmpty ? nil : FilterFailure(reasons: reasons, resolvable: resolvable)
    }

    // MARK: Matching helpers

    static func tolerations(of pod: SchedulingPod) -> [JSONValue] { pod.tolerations }

    /// v1.Toleration.ToleratesTaint.
    static func tolerates(_ toleration: JSONValue, _ taint: JSONValue) -> Bool {
        let effect = toleration["effect"]?.stringValue ?? ""
        if !effect.isEmpty, effect != taint["effect"]?.stringValue { return false }
        let key = toleration["key"]?.stringValue ?? ""
        if !key.isEmpty, key != taint["key"]?.stringValue { return false }
        switch toleration["operator"]?.stringValue ?? "Equal" {
        case "Exists": return true
        case "Equal", "": return !key.isEmpty && (toleration["value"]?.stringValue ?? "") == (taint["value"]?.stringValue ?? "")
        default: return false
        }
    }

    /// A NodeSelectorTerm: all of its expressions and fields must match; an empty term matches nothing.
    static func termMatches(_ term: JSONValue, _ node: SchedulingNode) -> Bool {
        let expressions = term["matchExpressions"]?.elements ?? []
        let fields = term["matchFields"]?.elements ?? []
        if expressions.isEmpty && fields.isEmpty { return false }
        let labels = node.labels
        for e in expressions where !requirementMatches(e, value: labels?[e["key"]?.stringValue ?? ""]?.stringValue) { return false }
        for f in fields {
            // Only metadata.name is a supported field selector for nodes.
            guard f["key"]?.stringValue == "metadata.name" else { return false }
            if !requirementMatches(f, value: node.node[path: ["metadata", "name"]]?.stringValue) { return false }
        }
        return true
    }

    static func requirementMatches(_ requirement: JSONValue, value: String?) -> Bool {
        let values = (requirement["values"]?.elements ?? []).compactMap(\.stringValue)
        switch requirement["operator"]?.stringValue ?? "" {
        case "In": return value.map { values.contains($0) } ?? false
        case "NotIn": return value.map { !values.contains($0) } ?? true
        case "Exists": return value != nil
        case "DoesNotExist": return value == nil
        case "Gt", "Lt":
            guard let v = value.flatMap({ Int64($0) }), let bound = values.first.flatMap({ Int64($0) }) else { return false }
            return requirement["operator"]?.stringValue == "Gt" ? v > bound : v < bound
        default: return false
        }
    }

    // MARK: Scores (each 0...100 before weighting), summed with the default weights.

    /// Weighted total: NodeResourcesFit LeastAllocated (1), BalancedAllocation (1),
    /// TaintToleration (3), NodeAffinity (2). Normalization needs every feasible node at once.
    /// The total score of each node at `indices`, in that order.
    static func scores(_ pod: SchedulingPod, nodes: [SchedulingNode], at indices: [Int]) -> [Int64] {
        let least = indices.map { leastAllocated(pod, nodes[$0]) }
        let balanced = indices.map { balancedAllocation(pod, nodes[$0]) }
        let taints = normalize(indices.map { intolerablePreferNoSchedule(pod, nodes[$0]) }, reverse: true)
        let affinity = normalize(indices.map { preferredAffinity(pod, nodes[$0]) }, reverse: false)
        return indices.indices.map { least[$0] + balanced[$0] + 3 * taints[$0] + 2 * affinity[$0] }
    }

    static func leastAllocated(_ pod: SchedulingPod, _ node: SchedulingNode) -> Int64 {
        let request = pod.nonZeroRequest
        let allocatable = node.allocatable
        func score(_ requested: Int64, _ capacity: Int64) -> Int64 {
            guard capacity > 0, requested <= capacity else { return 0 }
            return (capacity - requested) * maxNodeScore / capacity
        }
        let cpu = score(node.nonZeroRequested.milliCPU + request.milliCPU, allocatable.milliCPU)
        let memory = score(node.nonZeroRequested.memory + request.memory, allocatable.memory)
        return (cpu + memory) / 2
    }

    static func balancedAllocation(_ pod: SchedulingPod, _ node: SchedulingNode) -> Int64 {
        let request = pod.request
        let allocatable = node.allocatable
        func fraction(_ requested: Int64, _ capacity: Int64) -> Double {
            guard capacity > 0 else { return 1 }
            return min(Double(requested) / Double(capacity), 1)
        }
        let cpu = fraction(node.requested.milliCPU + request.milliCPU, allocatable.milliCPU)
        let memory = fraction(node.requested.memory + request.memory, allocatable.memory)
        // With two resources the standard deviation is half their difference.
        let deviation = abs(cpu - memory) / 2
        return Int64((1 - deviation) * Double(maxNodeScore))
    }

    static func intolerablePreferNoSchedule(_ pod: SchedulingPod, _ node: SchedulingNode) -> Int64 {
        let podTolerations = tolerations(of: pod).filter {
            let e = $0["effect"]?.stringValue ?? ""
            return e.isEmpty || e == "PreferNoSchedule"
        }
        return Int64(node.taints.filter { taint in
            taint["effect"]?.stringValue == "PreferNoSchedule" && !podTolerations.contains { tolerates($0, taint) }
        }.count)
    }

    static func preferredAffinity(_ pod: SchedulingPod, _ node: SchedulingNode) -> Int64 {
        var total: Int64 = 0
        for term in pod.preferredTerms where termMatches(term["preference"] ?? .null, node) {
            total += term["weight"]?.intValue ?? 0
        }
        return total
    }

    /// framework's DefaultNormalizeScore: scale to 0...100 by the largest value, optionally reversed.
    static func normalize(_ raw: [Int64], reverse: Bool) -> [Int64] {
        let highest = raw.max() ?? 0
        if highest == 0 { return raw.map { _ in reverse ? maxNodeScore : 0 } }
        return raw.map { value in
            let scaled = maxNodeScore * value / highest
            return reverse ? maxNodeScore - scaled : scaled
        }
    }

    // MARK: The failure message (framework.FitError.Error)

    /// `0/N nodes are available: <counts>. preemption: 0/N nodes are available: <counts>.`
    static func fitErrorMessage(nodeCount: Int, failures: [FilterFailure], preemptionPolicy: String) -> String {
        var counts: [String: Int] = [:]
        for failure in failures { for reason in failure.reasons { counts[reason, default: 0] += 1 } }
        var message = "0/\(nodeCount) nodes are available: " + histogram(counts) + "."
        if preemptionPolicy == "Never" {
            message += " preemption: not eligible due to preemptionPolicy=Never."
        } else {
            var preemption: [String: Int] = [:]
            for failure in failures {
                preemption[failure.resolvable ? "No preemption victims found for incoming pod" : "Preemption is not helpful for scheduling",
                           default: 0] += 1
            }
            message += " preemption: 0/\(nodeCount) nodes are available: " + histogram(preemption) + "."
        }
        return message
    }

    /// `<count> <reason>` entries sorted as strings (so "10 x" sorts before "2 y", as upstream).
    private static func histogram(_ counts: [String: Int]) -> String {
        counts.map { "\($0.value) \($0.key)" }.sorted().joined(separator: ", ")
    }
}
