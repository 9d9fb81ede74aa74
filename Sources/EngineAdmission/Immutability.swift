import EngineKit
import GoJSON

/// The update rules that refuse changes: object identity, workload selectors, allocated service
/// IPs, immutable ConfigMaps and Secrets, and the pod spec outside its few mutable fields.
enum Immutability {
    static let message = "field is immutable"

    static func validateMetadata(_ new: JSONValue, old: JSONValue) -> [FieldError] {
        var errors: [FieldError] = []
        for field in ["name", "namespace", "uid", "creationTimestamp"] {
            let now = new[path: "metadata", field], before = old[path: "metadata", field]
            if !Semantic.equal(now ?? .null, before ?? .null) {
                errors.append(FieldError(.invalid, "metadata.\(field)", value: GoText.scalar(now), message))
            }
        }
        return errors
    }

    static func validateSpec(_ new: JSONValue, old: JSONValue, kind: AdmittedKind) -> [FieldError] {
        switch kind {
        case .deployment, .replicaSet, .daemonSet:
            return selector(new, old)
        case .job:
            return job(new, old)
        case .statefulSet:
            return statefulSet(new, old)
        case .service:
            return serviceIPs(new, old)
        case .configMap:
            return immutableData(new, old, fields: ["data", "binaryData"])
        case .secret:
            var errors: [FieldError] = []
            if new.string("type") != old.string("type") {
                errors.append(FieldError(.invalid, "type", value: GoText.quote(new.string("type") ?? ""), message))
            }
            return errors + immutableData(new, old, fields: ["data"])
        case .pod:
            return PodUpdate.validate(new, old: old)
        default:
            return []
        }
    }

    private static func selector(_ new: JSONValue, _ old: JSONValue) -> [FieldError] {
        let now = new[path: "spec", "selector"], before = old[path: "spec", "selector"]
        guard !Semantic.equal(now ?? .null, before ?? .null) else { return [] }
        return [FieldError(.invalid, "spec.selector", value: GoText.labelSelector(now), message)]
    }

    /// ValidateJobSpecUpdate: completions (except an elastic Indexed job keeping completions equal
    /// to parallelism), selector and completion mode are fixed.
    private static func job(_ new: JSONValue, _ old: JSONValue) -> [FieldError] {
        var errors: [FieldError] = []
        let completions = new[path: "spec", "completions"], oldCompletions = old[path: "spec", "completions"]
        let elastic = new.string("spec", "completionMode") == "Indexed" && completions != nil
            && completions == new[path: "spec", "parallelism"]
        if !elastic, !Semantic.equal(completions ?? .null, oldCompletions ?? .null) {
            errors.append(FieldError(.invalid, "spec.completions", value: GoText.scalar(completions), message))
        }
        errors += selector(new, old)
        let mode = new[path: "spec", "completionMode"], oldMode = old[path: "spec", "completionMode"]
        if !Semantic.equal(mode ?? .null, oldMode ?? .null) {
            errors.append(FieldError(.invalid, "spec.completionMode", value: GoText.scalar(mode), message))
        }
        return errors
    }

    /// Only these StatefulSet spec fields may change; anything else is one Forbidden on spec.
    static let statefulSetMutable: Set<String> = [
        "replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit",
        "persistentVolumeClaimRetentionPolicy", "minReadySeconds",
    ]
    static let statefulSetMessage = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"

    private static func statefulSet(_ new: JSONValue, _ old: JSONValue) -> [FieldError] {
        func frozen(_ o: JSONValue) -> JSONValue {
            .object((o["spec"]?.members ?? []).filter { !statefulSetMutable.contains($0.key) })
        }
        return Semantic.equal(frozen(new), frozen(old)) ? [] : [FieldError(.forbidden, "spec", statefulSetMessage)]
    }

    /// Allocated cluster IPs cannot move (validateUpgradeDowngradeClusterIPs, same-length case).
    private static func serviceIPs(_ new: JSONValue, _ old: JSONValue) -> [FieldError] {
        if new.string("spec", "type") == "ExternalName" || old.string("spec", "type") == "ExternalName" { return [] }
        if new.string("spec", "clusterIP") == "None" && old.string("spec", "clusterIP") == "None" { return [] }
        let before = ips(old), now = ips(new)
        if before.isEmpty { return [] }
        if now.isEmpty {
            return [FieldError(.invalid, "spec.clusterIPs[0]", value: GoText.stringSlice(nil), "primary clusterIP can not be unset")]
        }
        var errors: [FieldError] = []
        for (i, ip) in before.enumerated() where i < now.count && now[i] != ip {
            errors.append(FieldError(.invalid, "spec.clusterIPs[\(i)]", value: GoText.stringSlice(now), "may not change once set"))
        }
        return errors
    }

    private static func ips(_ service: JSONValue) -> [String] {
        let list = service.array("spec", "clusterIPs").compactMap(\.stringValue)
        if !list.isEmpty { return list }
        if let ip = service.string("spec", "clusterIP"), !ip.isEmpty { return [ip] }
        return []
    }

    static let immutableDataMessage = "field is immutable when `immutable` is set"

    private static func immutableData(_ new: JSONValue, _ old: JSONValue, fields: [String]) -> [FieldError] {
        guard old["immutable"]?.boolValue == true else { return [] }
        var errors: [FieldError] = []
        if new["immutable"]?.boolValue != true { errors.append(FieldError(.forbidden, "immutable", immutableDataMessage)) }
        for field in fields where !Semantic.equal(new[field] ?? .null, old[field] ?? .null) {
            errors.append(FieldError(.forbidden, field, immutableDataMessage))
        }
        return errors
    }
}

/// ValidatePodUpdate: besides images, activeDeadlineSeconds, added tolerations, a negative grace
/// period raised to 1 and removed scheduling gates, the pod spec is frozen.
enum PodUpdate {
    static let message = "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"

    static func validate(_ new: JSONValue, old: JSONValue) -> [FieldError] {
        guard var munged = new["spec"], let before = old["spec"] else { return [] }
        // Take the allowed changes back out of the new spec; what is left must equal the old one.
        for list in ["containers", "initContainers"] {
            let oldItems = before.array(list)
            var items = munged.array(list)
            if items.count == oldItems.count {
                for i in items.indices {
                    if let image = oldItems[i]["image"] { items[i].set(image, at: "image") } else { items[i].remove(at: "image") }
                }
                if !items.isEmpty { munged.set(.array(items), at: list) }
            }
        }
        copy("activeDeadlineSeconds", from: before, to: &munged)
        let oldTolerations = before.array("tolerations"), newTolerations = munged.array("tolerations")
        if oldTolerations.allSatisfy({ t in newTolerations.contains { Semantic.equal($0, t) } }) {
            copy("tolerations", from: before, to: &munged)
        }
        if (before["terminationGracePeriodSeconds"]?.intValue ?? 0) < 0, munged["terminationGracePeriodSeconds"]?.intValue == 1 {
            copy("terminationGracePeriodSeconds", from: before, to: &munged)
        }
        let oldGates = before.array("schedulingGates"), newGates = munged.array("schedulingGates")
        if newGates.allSatisfy({ g in oldGates.contains { Semantic.equal($0, g) } }) {
            copy("schedulingGates", from: before, to: &munged)
        }
        return Semantic.equal(munged, before) ? [] : [FieldError(.forbidden, "spec", message)]
    }

    private static func copy(_ field: String, from source: JSONValue, to target: inout JSONValue) {
        if let value = source[field] { target.set(value, at: field) } else { target.remove(at: field) }
    }
}

/// apiequality.Semantic.DeepEqual over ordered JSON: members compare as maps (their order in a
/// request is the client's, not the object's), arrays element by element, nulls as absent.
enum Semantic {
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            // Semantic equality takes nil and empty slices for the same thing.
            let xs = x.filter { !isAbsent($0.value) }, ys = y.filter { !isAbsent($0.value) }
            guard xs.count == ys.count else { return false }
            return xs.allSatisfy { m in ys.first { $0.key == m.key }.map { equal(m.value, $0.value) } ?? false }
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        default:
            return a == b
        }
    }

    private static func isAbsent(_ v: JSONValue) -> Bool { v == .null || v == .array([]) }
}
