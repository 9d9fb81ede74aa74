/// A kubectl-style address (`pods`, `deploy web -n prod`, `certificates.cert-manager.io -A`)
/// turned into the etcd key or key prefix where kube-apiserver keeps those objects.
public struct ResourceAddress: Sendable, Equatable {
    /// The resource as typed: plural, singular, short name or kind, optionally `.group` or `.version.group`.
    public var resource: String
    public var name: String?
    /// `-n`; nil means kubectl's default namespace for namespaced resources.
    public var namespace: String?
    /// `-A`.
    public var allNamespaces: Bool
    /// kube-apiserver's `--etcd-prefix`.
    public var etcdPrefix: String

    public static let defaultNamespace = "default"

    public init(resource: String, name: String? = nil, namespace: String? = nil, allNamespaces: Bool = false,
                etcdPrefix: String = "/registry") {
        self.resource = resource
        self.name = name
        self.namespace = namespace
        self.allNamespaces = allNamespaces
        self.etcdPrefix = etcdPrefix
    }
}

/// Where an address points in etcd.
public struct ResolvedAddress: Sendable, Equatable {
    /// The exact key (when `isPrefix` is false) or a prefix ending in `/`.
    public let key: String
    public let isPrefix: Bool
    /// The matched table row; nil for a custom resource that no table row or CRD describes.
    public let resource: ResourceInfo?
    public let group: String
    public let plural: String
}

public struct ResourceAddressError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension ResourceAddress {
    /// Splits `plural.version.group` / `plural.group` the way kubectl does.
    public static func splitResource(_ text: String) -> (name: String, group: String?) {
        guard let dot = text.firstIndex(of: ".") else { return (text, nil) }
        let name = String(text[..<dot])
        var rest = String(text[text.index(after: dot)...])
        let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2, Self.looksLikeVersion(parts[0]) { rest = String(parts[1]) }
        return (name, rest)
    }

    static func looksLikeVersion(_ s: Substring) -> Bool {
        guard s.first == "v", s.count >= 2 else { return false }
        let digitsEnd = s.dropFirst().prefix { $0.isASCII && $0.isNumber }
        guard !digitsEnd.isEmpty else { return false }
        let tail = s.dropFirst(1 + digitsEnd.count)
        return tail.isEmpty || tail.hasPrefix("alpha") || tail.hasPrefix("beta")
    }

    /// Resolves against `table`. A `group.with.dots` that the table does not know is taken as a
    /// custom resource, stored under `<prefix>/<group>/<plural>/`.
    public func resolve(in table: ResourceTable = .builtin) throws(ResourceAddressError) -> ResolvedAddress {
        guard !resource.isEmpty else { throw ResourceAddressError("empty resource name") }
        if allNamespaces && name != nil {
            throw ResourceAddressError("a resource cannot be retrieved by name across all namespaces")
        }
        if let name, name.isEmpty || name.contains("/") {
            throw ResourceAddressError("invalid object name \"\(name)\"")
        }
        if let namespace, namespace.isEmpty || namespace.contains("/") {
            throw ResourceAddressError("invalid namespace \"\(namespace)\"")
        }
        let base = etcdPrefix.hasSuffix("/") ? String(etcdPrefix.dropLast()) : etcdPrefix

        let info: ResourceInfo?
        if let whole = table.lookup(resource) {
            info = whole
        } else {
            let (plural, group) = Self.splitResource(resource)
            if let group, let row = table.lookup(plural, group: group) {
                info = row
            } else if let group, group.contains("."), !plural.isEmpty {
                return try resolveUnknownCustom(plural: plural.lowercased(), group: group.lowercased(), base: base)
            } else {
                throw ResourceAddressError("the server doesn't have a resource type \"\(resource)\"")
            }
        }
        guard let info else { throw ResourceAddressError("the server doesn't have a resource type \"\(resource)\"") }
        let root = base + "/" + info.keyPrefix + "/"
        let key: String
        if !info.namespaced {
            // kubectl ignores -n for cluster-scoped resources.
            key = root + (name ?? "")
        } else if allNamespaces {
            key = root
        } else {
            key = root + (namespace ?? Self.defaultNamespace) + "/" + (name ?? "")
        }
        return ResolvedAddress(key: key, isPrefix: name == nil, resource: info, group: info.group, plural: info.plural)
    }

    /// A custom resource whose scope is unknown (no CRD at hand): a namespace or -A is needed to
    /// build a key; without either the whole resource prefix is listed.
    private func resolveUnknownCustom(plural: String, group: String, base: String) throws(ResourceAddressError) -> ResolvedAddress {
        let root = base + "/" + group + "/" + plural + "/"
        if let namespace, !allNamespaces {
            return ResolvedAddress(key: root + namespace + "/" + (name ?? ""), isPrefix: name == nil,
                                   resource: nil, group: group, plural: plural)
        }
        if let name {
            throw ResourceAddressError("no CustomResourceDefinition found for \(plural).\(group), so its scope is unknown: give -n NAMESPACE for a namespaced object, or the key \(root)\(name)")
        }
        return ResolvedAddress(key: root, isPrefix: true, resource: nil, group: group, plural: plural)
    }
}
