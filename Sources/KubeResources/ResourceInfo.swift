/// How the apiserver serializes a resource's objects into etcd.
public enum StorageEncoding: String, Sendable, Equatable {
    /// `k8s\0` envelope around a runtime.Unknown protobuf (the kube-apiserver default).
    case protobuf
    /// Compact JSON (apiextensions and aggregator servers use the legacy JSON codec; custom resources).
    case json
}

/// One built-in Kubernetes resource and where the apiserver keeps it in etcd.
public struct ResourceInfo: Sendable, Equatable {
    /// API group; "" for the core group.
    public let group: String
    /// The version the apiserver stores (may differ from the preferred served version).
    public let storageVersion: String
    public let kind: String
    /// Lower-case plural resource name, as in URLs and RBAC ("pods").
    public let plural: String
    public let singular: String
    public let shortNames: [String]
    public let namespaced: Bool
    /// Path under the etcd prefix (default `/registry`), without slashes at either end
    /// ("pods", "services/specs", "apiextensions.k8s.io/customresourcedefinitions").
    public let keyPrefix: String
    public let encoding: StorageEncoding
    /// The apiVersion of the stored object when it is not `group/storageVersion`
    /// (events.k8s.io Events are stored as core v1 Events).
    public let storedAPIVersionOverride: String?
    /// A legacy group whose objects live under another group's prefix (extensions → apps);
    /// name lookups prefer the non-legacy entry.
    public let legacy: Bool

    public init(group: String, storageVersion: String, kind: String, plural: String, singular: String,
                shortNames: [String] = [], namespaced: Bool, keyPrefix: String? = nil,
                encoding: StorageEncoding = .protobuf, storedAPIVersionOverride: String? = nil, legacy: Bool = false) {
        self.group = group
        self.storageVersion = storageVersion
        self.kind = kind
        self.plural = plural
        self.singular = singular
        self.shortNames = shortNames
        self.namespaced = namespaced
        self.keyPrefix = keyPrefix ?? plural
        self.encoding = encoding
        self.storedAPIVersionOverride = storedAPIVersionOverride
        self.legacy = legacy
    }

    /// `apiVersion` of objects as stored in etcd ("v1", "apps/v1").
    public var storedAPIVersion: String {
        if let storedAPIVersionOverride { return storedAPIVersionOverride }
        return group.isEmpty ? storageVersion : group + "/" + storageVersion
    }

    /// `plural.group` as kubectl prints it ("deployments.apps"), or the plural for the core group.
    public var qualifiedName: String { group.isEmpty ? plural : plural + "." + group }
}
