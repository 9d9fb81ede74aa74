import EngineKit
import GoJSON

/// Namespaces, PriorityClasses and the two kube-system ConfigMaps kube-apiserver writes itself.
enum SystemObjects {
    /// As the controllers send them: name only. The API server's namespace strategy adds
    /// spec.finalizers [kubernetes] and status.phase Active, and defaulting adds the label
    /// `kubernetes.io/metadata.name`, so none of these are included here.
    static func namespaces() -> [JSONValue] {
        ["default", "kube-system", "kube-public", "kube-node-lease"].map { name in
            .object([
                JSONMember("apiVersion", .string("v1")),
                JSONMember("kind", .string("Namespace")),
                JSONMember("metadata", .object([JSONMember("name", .string(name))])),
            ])
        }
    }

    /// scheduling.k8s.io/v1 system priority classes. Values verified (notes, D); descriptions
    /// from recollection [U]. preemptionPolicy is left to API defaulting (PreemptLowerPriority).
    static func priorityClasses() -> [JSONValue] {
        [
            ("system-node-critical", 2_000_001_000,
             "Used for system critical pods that must not be moved from their current node."),
            ("system-cluster-critical", 2_000_000_000,
             "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
        ].map { name, value, description in
            .object([
                JSONMember("apiVersion", .string("scheduling.k8s.io/v1")),
                JSONMember("kind", .string("PriorityClass")),
                JSONMember("metadata", .object([JSONMember("name", .string(name))])),
                JSONMember("value", .int(value)),
                JSONMember("description", .string(description)),
            ])
        }
    }

    private static func configMap(_ name: String, data: [(String, String)]) -> JSONValue {
        .object([
            JSONMember("apiVersion", .string("v1")),
            JSONMember("kind", .string("ConfigMap")),
            JSONMember("metadata", .object([
                JSONMember("name", .string(name)),
                JSONMember("namespace", .string("kube-system")),
            ])),
            JSONMember("data", .object(data.sorted { $0.0 < $1.0 }.map { JSONMember($0.0, .string($0.1)) })),
        ])
    }

    /// Go's json.Marshal of a []string, as the authentication ConfigMap stores header lists.
    static func jsonStringArray(_ items: [String]) -> String {
        var out: [UInt8] = []
        JSONWriter.compact(.array(items.map(JSONValue.string)), into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func extensionAPIServerAuthentication(_ settings: BootstrapSettings) -> JSONValue {
        var data: [(String, String)] = [("client-ca-file", settings.clientCAPEM)]
        if let header = settings.requestHeader {
            data += [
                ("requestheader-client-ca-file", header.clientCAPEM),
                ("requestheader-allowed-names", jsonStringArray(header.allowedNames)),
                ("requestheader-extra-headers-prefix", jsonStringArray(header.extraHeaderPrefixes)),
                ("requestheader-group-headers", jsonStringArray(header.groupHeaders)),
                ("requestheader-username-headers", jsonStringArray(header.usernameHeaders)),
            ]
            // Written only when configured (RemoteRequestHeaderUID, 1.32 alpha / 1.33 beta) [U].
            if !header.uidHeaders.isEmpty {
                data.append(("requestheader-uid-headers", jsonStringArray(header.uidHeaders)))
            }
        }
        return configMap("extension-apiserver-authentication", data: data)
    }

    static func legacyTokenTracking(_ settings: BootstrapSettings) -> JSONValue {
        configMap("kube-apiserver-legacy-service-account-token-tracking", data: [("since", settings.legacyTokenTrackingSince)])
    }
}
