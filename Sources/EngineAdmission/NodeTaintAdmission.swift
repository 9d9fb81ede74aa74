import EngineKit
import GoJSON

/// The TaintNodesByCondition admission plugin: a new Node starts tainted not-ready:NoSchedule
/// until the node lifecycle controller sees it Ready.
enum NodeTaintAdmission {
    static let key = "node.kubernetes.io/not-ready"
    static let effect = "NoSchedule"

    static func admit(_ node: inout JSONValue) {
        let present = node.array("spec", "taints").contains { $0.string("key") == key && $0.string("effect") == effect }
        if !present {
            node.append(.object(["key": .string(key), "effect": .string(effect)]), toArrayAt: ["spec", "taints"])
        }
    }
}
