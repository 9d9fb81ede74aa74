import EngineKit
import GoJSON

/// What the workload controllers count a pod by, read once when the informer cache takes in a
/// version of the pod: a ReplicaSet or DaemonSet sync looks at every pod it owns on every change
/// of one of them, and reading the same facts out of the same objects again was most of a sync.
/// A class, so that handing the facts of 30 pods to each sync is 30 retains, not 150.
public final class PodFacts: Sendable {
    public let namespace: String
    public let phase: String
    /// metadata.deletionTimestamp is set.
    public let deleting: Bool
    /// The Ready condition is True.
    public let ready: Bool
    /// Ready's lastTransitionTime (Unix ns), when Ready is True and the time parses.
    public let readySince: Int64?
    public let labels: JSONValue?
    /// The node the pod is for: spec.nodeName, else the value of a `metadata.name` matchFields
    /// term of its required node affinity (how a DaemonSet pins its pods).
    public let targetNode: String?

    public init(_ pod: JSONValue) {
        let metadata = pod["metadata"]
        namespace = metadata?["namespace"]?.stringValue ?? ""
        labels = metadata?["labels"]
        if let t = metadata?["deletionTimestamp"], t != .null { deleting = true } else { deleting = false }
        let status = pod["status"]
        phase = status?["phase"]?.stringValue ?? ""
        var readyCondition: JSONValue?
        for condition in status?["conditions"]?.elements ?? [] where condition["type"]?.stringValue == "Ready" {
            readyCondition = condition
            break
        }
        ready = readyCondition?["status"]?.stringValue == "True"
        readySince = ready ? readyCondition?["lastTransitionTime"]?.stringValue.flatMap(Self.unixNanoseconds) : nil
        targetNode = Self.targetNode(pod)
    }

    /// controller.IsPodActive: neither finished nor being deleted.
    public var isActive: Bool { phase != "Succeeded" && phase != "Failed" && !deleting }

    /// podutil.IsPodAvailable: ready for at least minReadySeconds.
    public func isAvailable(minReadySeconds: Int64, now: Int64) -> Bool {
        guard ready else { return false }
        if minReadySeconds == 0 { return true }
        guard let readySince else { return false }
        return readySince + minReadySeconds * 1_000_000_000 <= now
    }

    public func label(_ key: String) -> String? { labels?[key]?.stringValue }

    public static func targetNode(_ pod: JSONValue) -> String? {
        if let n = pod[path: ["spec", "nodeName"]]?.stringValue, !n.isEmpty { return n }
        let terms = pod[path: ["spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]]?.elements ?? []
        for term in terms {
            for field in term["matchFields"]?.elements ?? [] where field["key"]?.stringValue == "metadata.name" {
                return field["values"]?.elements?.first?.stringValue
            }
        }
        return nil
    }

    /// Unix nanoseconds of an RFC 3339 `YYYY-MM-DDTHH:MM:SSZ` (fractions ignored).
    public static func unixNanoseconds(_ text: String) -> Int64? {
        let digits = Array(text.utf8)
        guard digits.count >= 20 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int64? {
            var v: Int64 = 0
            for i in from..<(from + count) {
                let d = digits[i]
                guard d >= 48, d <= 57 else { return nil }
                v = v * 10 + Int64(d - 48)
            }
            return v
        }
        guard let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2), let h = number(11, 2),
              let mi = number(14, 2), let s = number(17, 2) else { return nil }
        // days-from-civil
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return ((days * 86_400) + h * 3600 + mi * 60 + s) * 1_000_000_000
    }
}
