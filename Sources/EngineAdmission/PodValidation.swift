import EngineKit
import GoJSON

/// The parts of ValidatePodSpec that objects the engine writes can get wrong: containers,
/// their names, images, ports and policies, volume names, and the pod-level policies.
enum PodValidation {
    static let restartPolicies = ["Always", "OnFailure", "Never"]
    static let dnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]
    static let pullPolicies = ["Always", "IfNotPresent", "Never"]
    static let protocols = ["SCTP", "TCP", "UDP"]
    static let terminationMessagePolicies = ["File", "FallbackToLogsOnError"]

    static func validateSpec(_ spec: JSONValue, path: String) -> [FieldError] {
        var errors: [FieldError] = []
        var volumeNames = Set<String>()
        for (i, volume) in spec.array("volumes").enumerated() {
            let p = "\(path).volumes[\(i)].name"
            let name = volume.string("name") ?? ""
            if name.isEmpty {
                errors.append(FieldError(.required, p))
            } else {
                errors += NameRule.label.problems(name).map { FieldError(.invalid, p, value: GoText.quote(name), $0) }
                if !volumeNames.insert(name).inserted { errors.append(FieldError(.duplicate, p, value: GoText.quote(name))) }
            }
        }
        // Regular containers first, then init containers (whose names must not repeat either list).
        var containerNames = Set<String>()
        let containers = spec.array("containers")
        if containers.isEmpty { errors.append(FieldError(.required, "\(path).containers")) }
        for (list, items) in [("containers", containers), ("initContainers", spec.array("initContainers"))] {
            for (i, c) in items.enumerated() {
                errors += validateContainer(c, path: "\(path).\(list)[\(i)]", seen: &containerNames)
            }
        }
        errors += oneOf(spec.string("restartPolicy"), restartPolicies, "\(path).restartPolicy")
        errors += oneOf(spec.string("dnsPolicy"), dnsPolicies, "\(path).dnsPolicy")
        return errors
    }

    static func validateContainer(_ c: JSONValue, path: String, seen: inout Set<String>) -> [FieldError] {
        var errors: [FieldError] = []
        let name = c.string("name") ?? ""
        if name.isEmpty {
            errors.append(FieldError(.required, "\(path).name"))
        } else {
            errors += NameRule.label.problems(name).map { FieldError(.invalid, "\(path).name", value: GoText.quote(name), $0) }
            if !seen.insert(name).inserted { errors.append(FieldError(.duplicate, "\(path).name", value: GoText.quote(name))) }
        }
        if (c.string("image") ?? "").isEmpty { errors.append(FieldError(.required, "\(path).image")) }
        for (i, port) in c.array("ports").enumerated() {
            let p = "\(path).ports[\(i)]"
            if let number = port["containerPort"]?.intValue {
                if !(1...65535).contains(number) {
                    errors.append(FieldError(.invalid, "\(p).containerPort", value: String(number), "must be between 1 and 65535, inclusive"))
                }
            } else {
                errors.append(FieldError(.required, "\(p).containerPort"))
            }
            errors += oneOf(port.string("protocol"), protocols, "\(p).protocol")
        }
        errors += oneOf(c.string("terminationMessagePolicy"), terminationMessagePolicies, "\(path).terminationMessagePolicy")
        errors += oneOf(c.string("imagePullPolicy"), pullPolicies, "\(path).imagePullPolicy")
        return errors
    }

    /// Required when empty, NotSupported when not one of `allowed` (field.NotSupported's text).
    static func oneOf(_ value: String?, _ allowed: [String], _ path: String) -> [FieldError] {
        guard let value, !value.isEmpty else { return [FieldError(.required, path)] }
        if allowed.contains(value) { return [] }
        return [FieldError(.notSupported, path, value: GoText.quote(value), GoText.supported(allowed))]
    }
}
