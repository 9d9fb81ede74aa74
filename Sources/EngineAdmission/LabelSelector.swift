import EngineKit
import GoJSON

/// metav1.LabelSelector matching (matchLabels and matchExpressions), for the
/// "selector does not match template labels" checks.
enum LabelSelector {
    static func isEmpty(_ selector: JSONValue?) -> Bool {
        (selector?.stringMap("matchLabels") ?? []).isEmpty && (selector?.array("matchExpressions") ?? []).isEmpty
    }

    static func matches(_ selector: JSONValue, labels: [(String, String)]) -> Bool {
        var set: [String: String] = [:]
        for (k, v) in labels { set[k] = v }
        for (k, v) in selector.stringMap("matchLabels") ?? [] where set[k] != v { return false }
        for e in selector.array("matchExpressions") {
            let key = e.string("key") ?? ""
            let values = e.array("values").compactMap(\.stringValue)
            switch e.string("operator") {
            case "In": guard let v = set[key], values.contains(v) else { return false }
            case "NotIn": if let v = set[key], values.contains(v) { return false }
            case "Exists": if set[key] == nil { return false }
            case "DoesNotExist": if set[key] != nil { return false }
            default: return false
            }
        }
        return true
    }
}
