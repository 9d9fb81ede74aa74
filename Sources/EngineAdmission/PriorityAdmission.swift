import EngineKit
import GoJSON
import KubeResources

/// The Priority admission plugin on pod create: priority and preemptionPolicy come from the
/// PriorityClass named by priorityClassName; without one, priority 0 and PreemptLowerPriority.
enum PriorityAdmission {
    static let priorityClasses = ResourceInfo(group: "scheduling.k8s.io", storageVersion: "v1", kind: "PriorityClass",
                                              plural: "priorityclasses", singular: "priorityclass", namespaced: false)
    static let defaultPreemption = "PreemptLowerPriority"

    static func admit(_ pod: inout JSONValue, request: AdmissionRequest, context: AdmissionContext) throws(APIError) {
        var priority: Int64 = 0
        var preemption: String? = defaultPreemption
        // A globalDefault class would apply here; the context offers no list to find one, and
        // the bootstrap classes are not global defaults.
        if let className = pod.string("spec", "priorityClassName"), !className.isEmpty {
            guard let pc = context.lookup(priorityClasses, namespace: "", name: className) else {
                throw .forbidden(Forbidden.message(request, "no PriorityClass with name \(className) was found"))
            }
            priority = pc["value"]?.intValue ?? 0
            preemption = pc.string("preemptionPolicy")
        }
        if let given = pod[path: "spec", "priority"]?.intValue, given != priority {
            throw .forbidden(Forbidden.message(request,
                "the integer value of priority (\(given)) must not be provided in pod spec; priority admission controller computed \(priority) from the given PriorityClass name"))
        }
        pod.set(.int(priority), at: "spec", "priority")
        if let preemption {
            if let given = pod.string("spec", "preemptionPolicy"), given != preemption {
                throw .forbidden(Forbidden.message(request,
                    "the string value of PreemptionPolicy (\(given)) must not be provided in pod spec; priority admission controller computed \(preemption) from the given PriorityClass name"))
            }
            pod.set(.string(preemption), at: "spec", "preemptionPolicy")
        }
    }
}
