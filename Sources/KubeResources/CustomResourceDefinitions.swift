import Foundation

/// Custom resources are addressed through their CRDs, which the apiextensions server stores as
/// JSON under `/registry/apiextensions.k8s.io/customresourcedefinitions/<plural>.<group>`.
/// Reading the names and scope from there lets `get certificates -n prod` work like kubectl.
public enum CustomResourceDefinitions {
    /// The table row for one stored CRD value, or nil when the value is not a readable CRD
    /// (encrypted, CBOR, damaged): the caller then falls back to the builtin table.
    public static func resourceInfo(fromStoredJSON value: [UInt8]) -> ResourceInfo? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(value)) as? [String: Any],
              let spec = object["spec"] as? [String: Any],
              let group = spec["group"] as? String, !group.isEmpty,
              let names = spec["names"] as? [String: Any],
              let plural = names["plural"] as? String, !plural.isEmpty,
              let kind = names["kind"] as? String
        else { return nil }
        let singular = (names["singular"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? kind.lowercased()
        let shortNames = names["shortNames"] as? [String] ?? []
        let namespaced = (spec["scope"] as? String) != "Cluster"
        return ResourceInfo(group: group, storageVersion: storageVersion(spec) ?? "", kind: kind,
                            plural: plural, singular: singular, shortNames: shortNames, namespaced: namespaced,
                            keyPrefix: group + "/" + plural, encoding: .json)
    }

    /// v1 marks the stored version with `storage: true`; v1beta1 objects may only have `version`.
    static func storageVersion(_ spec: [String: Any]) -> String? {
        if let versions = spec["versions"] as? [[String: Any]] {
            for v in versions where (v["storage"] as? Bool) == true {
                if let name = v["name"] as? String { return name }
            }
        }
        return spec["version"] as? String
    }

    /// The key prefix under which CRDs live.
    public static func keyPrefix(etcdPrefix: String = "/registry") -> String {
        let base = etcdPrefix.hasSuffix("/") ? String(etcdPrefix.dropLast()) : etcdPrefix
        return base + "/apiextensions.k8s.io/customresourcedefinitions/"
    }
}

extension ResourceTable {
    /// This table plus custom resources; built-in names keep precedence, as in kubectl.
    public func adding(_ custom: [ResourceInfo]) -> ResourceTable {
        ResourceTable(resources + custom)
    }
}
