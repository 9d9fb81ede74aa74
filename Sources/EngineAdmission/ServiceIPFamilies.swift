import EngineKit
import GoJSON

/// The service REST storage's IP-family defaulting (done next to ClusterIP allocation, which the
/// API server owns): a single-stack cluster gives every non-ExternalName service SingleStack and
/// its one family; headless services without a selector get RequireDualStack. On update, values
/// the request left out are carried over from the stored service.
enum ServiceIPFamilies {
    static func defaultOnCreate(_ service: inout JSONValue, clusterFamily: String) {
        guard service.string("spec", "type") != "ExternalName" else { return }
        let headless = service.string("spec", "clusterIP") == "None"
        let selectorless = (service[path: "spec", "selector"]?.members ?? []).isEmpty
        if !service.has("spec", "ipFamilyPolicy") {
            let families = service.array("spec", "ipFamilies")
            let policy = families.count == 2 || (headless && selectorless) ? "RequireDualStack" : "SingleStack"
            service.set(.string(policy), at: "spec", "ipFamilyPolicy")
        }
        if service.array("spec", "ipFamilies").isEmpty {
            service.set(.array([.string(clusterFamily)]), at: "spec", "ipFamilies")
        }
    }

    /// patchAllocatedValues: an update that omits the allocated clusterIP(s) keeps them.
    static func carryOverOnUpdate(_ service: inout JSONValue, old: JSONValue) {
        guard service.string("spec", "type") != "ExternalName", old.string("spec", "type") != "ExternalName" else { return }
        if (service.string("spec", "clusterIP") ?? "").isEmpty, let ip = old.string("spec", "clusterIP"), !ip.isEmpty {
            service.set(.string(ip), at: "spec", "clusterIP")
            if let ips = old[path: "spec", "clusterIPs"] { service.set(ips, at: "spec", "clusterIPs") }
        }
        if service.array("spec", "ipFamilies").isEmpty, let families = old[path: "spec", "ipFamilies"] {
            service.set(families, at: "spec", "ipFamilies")
        }
        if !service.has("spec", "ipFamilyPolicy"), let policy = old[path: "spec", "ipFamilyPolicy"] {
            service.set(policy, at: "spec", "ipFamilyPolicy")
        }
    }
}
