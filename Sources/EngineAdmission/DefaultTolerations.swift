import EngineKit
import GoJSON

/// The DefaultTolerationSeconds admission plugin: pods tolerate not-ready and unreachable nodes
/// for 300 s unless they already tolerate those NoExecute taints.
enum DefaultTolerations {
    static let seconds = 300
    static let taints = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]

    static func admit(_ pod: inout JSONValue) {
        let tolerations = pod.array("spec", "tolerations")
        for key in taints {
            // An empty key tolerates every taint, an empty effect every effect.
            let tolerated = tolerations.contains { t in
                let k = t.string("key") ?? "", effect = t.string("effect") ?? ""
                return (k == key || k.isEmpty) && (effect == "NoExecute" || effect.isEmpty)
            }
            if !tolerated {
                pod.append(.object([
                    "key": .string(key), "operator": .string("Exists"), "effect": .string("NoExecute"),
                    "tolerationSeconds": .int(seconds),
                ]), toArrayAt: ["spec", "tolerations"])
            }
        }
    }
}
