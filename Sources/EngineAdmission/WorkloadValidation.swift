import EngineKit
import GoJSON

/// apps/v1 and batch/v1 spec validation: replicas, selector present and matching the template's
/// labels, the template's restart policy, and the pod template itself.
enum WorkloadValidation {
    static let mismatch = "`selector` does not match template `labels`"

    static func validate(_ object: JSONValue, kind: AdmittedKind) -> [FieldError] {
        var errors: [FieldError] = []
        if let replicas = object[path: "spec", "replicas"]?.intValue, replicas < 0 {
            errors.append(FieldError(.invalid, "spec.replicas", value: String(replicas), "must be greater than or equal to 0"))
        }
        let selectorChecked = kind != .job || object[path: "spec", "manualSelector"]?.boolValue == true || object.has("spec", "selector")
        if selectorChecked {
            errors += validateSelector(object, kind: kind)
        }
        errors += LabelValidation.validateMetadata(object, path: "spec.template.metadata")
        let restart = object.string("spec", "template", "spec", "restartPolicy")
        if kind == .job {
            if restart != "OnFailure" && restart != "Never" {
                errors.append(FieldError(.notSupported, "spec.template.spec.restartPolicy", value: GoText.quote(restart ?? ""),
                                         GoText.supported(["OnFailure", "Never"])))
            }
        } else if let restart, restart != "Always" {
            errors.append(FieldError(.notSupported, "spec.template.spec.restartPolicy", value: GoText.quote(restart),
                                     GoText.supported(["Always"])))
        }
        if let spec = object[path: "spec", "template", "spec"] {
            errors += PodValidation.validateSpec(spec, path: "spec.template.spec")
                .filter { $0.path != "spec.template.spec.restartPolicy" }
        } else {
            errors.append(FieldError(.required, "spec.template"))
        }
        return errors
    }

    private static func validateSelector(_ object: JSONValue, kind: AdmittedKind) -> [FieldError] {
        guard let selector = object[path: "spec", "selector"], selector != .null else {
            return [FieldError(.required, "spec.selector")]
        }
        if LabelSelector.isEmpty(selector) {
            let noun = kind == .deployment ? "deployment" : kind == .statefulSet ? "statefulset" : kind == .daemonSet ? "daemonset" : kind == .job ? "job" : "replicaset"
            return [FieldError(.invalid, "spec.selector", value: GoText.labelSelector(selector), "empty selector is invalid for \(noun)")]
        }
        let labels = object.stringMap("spec", "template", "metadata", "labels")
        if !LabelSelector.matches(selector, labels: labels ?? []) {
            return [FieldError(.invalid, "spec.template.metadata.labels", value: GoText.stringMap(labels), mismatch)]
        }
        return []
    }
}

/// Service spec validation: type, ports (number, protocol, names when there are several).
enum ServiceValidation {
    static let types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]

    static func validate(_ service: JSONValue) -> [FieldError] {
        var errors = PodValidation.oneOf(service.string("spec", "type"), types, "spec.type")
        let type = service.string("spec", "type")
        let ports = service.array("spec", "ports")
        if ports.isEmpty, type != "ExternalName", service.string("spec", "clusterIP") != "None" {
            errors.append(FieldError(.required, "spec.ports"))
        }
        var names = Set<String>()
        for (i, port) in ports.enumerated() {
            let p = "spec.ports[\(i)]"
            let name = port.string("name") ?? ""
            if ports.count > 1, name.isEmpty { errors.append(FieldError(.required, "\(p).name")) }
            if !name.isEmpty, !names.insert(name).inserted { errors.append(FieldError(.duplicate, "\(p).name", value: GoText.quote(name))) }
            let number = port["port"]?.intValue ?? 0
            if !(1...65535).contains(number) {
                errors.append(FieldError(.invalid, "\(p).port", value: String(number), "must be between 1 and 65535, inclusive"))
            }
            errors += PodValidation.oneOf(port.string("protocol"), PodValidation.protocols, "\(p).protocol")
        }
        return errors
    }
}

/// ConfigMap and Secret keys: the config-key rule and its message.
enum ConfigKeyValidation {
    static let message = NameRule.regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        "[-._a-zA-Z0-9]+", ["key.name", "KEY_NAME", "key-name"])

    static func validate(_ object: JSONValue, fields: [String]) -> [FieldError] {
        var errors: [FieldError] = []
        for field in fields {
            for member in object[field]?.members ?? [] where !isConfigKey(member.key) {
                errors.append(FieldError(.invalid, "\(field)[\(member.key)]", value: GoText.quote(member.key), message))
            }
        }
        return errors
    }

    static func isConfigKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy { c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
                    || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
            }
    }
}
