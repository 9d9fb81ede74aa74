import EtcdModel
import KubeResources

/// The keys a command works on: one exact key, or every key under a prefix.
public struct KeyTarget: Sendable, Equatable {
    public var key: [UInt8]
    /// nil for an exact key; otherwise the end of the half-open range [key, rangeEnd).
    public var rangeEnd: [UInt8]?
    /// Set when the target came from kubectl-style addressing (for "No resources found").
    public var resource: ResolvedAddress?
    /// The namespace a resource listing is limited to, if any.
    public var namespace: String?

    public init(key: [UInt8], rangeEnd: [UInt8]? = nil, resource: ResolvedAddress? = nil, namespace: String? = nil) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.resource = resource
        self.namespace = namespace
    }

    public static func exact(_ key: String) -> KeyTarget { KeyTarget(key: Array(key.utf8)) }
    public static func prefix(_ key: String) -> KeyTarget {
        KeyTarget(key: Array(key.utf8), rangeEnd: RangeQuery.prefixEnd(Array(key.utf8)))
    }

    public var isPrefix: Bool { rangeEnd != nil }
    public var keyString: String { String(decoding: key, as: UTF8.self) }
}

/// What the user typed to name keys: `KEY` (an etcd key, `--prefix` for a prefix) or
/// `RESOURCE [NAME]` with `-n NS` / `-A`, as kubectl.
public struct TargetSpec: Sendable {
    public var arguments: [String]
    public var prefix: Bool
    public var namespace: String?
    public var allNamespaces: Bool
    public var etcdPrefix: String

    public init(arguments: [String], prefix: Bool = false, namespace: String? = nil, allNamespaces: Bool = false,
                etcdPrefix: String = "/registry") {
        self.arguments = arguments
        self.prefix = prefix
        self.namespace = namespace
        self.allNamespaces = allNamespaces
        self.etcdPrefix = etcdPrefix
    }

    /// True when the first argument is taken as an etcd key rather than a resource name.
    public var isKeyForm: Bool {
        guard let first = arguments.first else { return false }
        return prefix || first.hasPrefix("/")
    }

    /// Resolves to keys. `source`, when given, is used to read CRDs so that custom resources are
    /// found by their short names and scope, as kubectl does.
    public func resolve(customResourcesFrom source: (any KeyValueSource)? = nil) async throws -> KeyTarget {
        guard let first = arguments.first, !first.isEmpty else {
            throw CommandFailure("give an etcd KEY (e.g. /registry/pods/default/web) or a RESOURCE [NAME] (e.g. pods web -n default)")
        }
        if isKeyForm {
            guard arguments.count == 1 else {
                throw CommandFailure("a key takes no further arguments (got \(arguments.dropFirst().joined(separator: " ")))")
            }
            if namespace != nil || allNamespaces {
                throw CommandFailure("-n/--namespace and -A/--all-namespaces apply to RESOURCE [NAME], not to keys")
            }
            return prefix ? .prefix(first) : .exact(first)
        }
        guard arguments.count <= 2 else {
            throw CommandFailure("expected RESOURCE [NAME], got \(arguments.count) arguments")
        }
        let address = ResourceAddress(resource: first, name: arguments.count == 2 ? arguments[1] : nil,
                                      namespace: namespace, allNamespaces: allNamespaces, etcdPrefix: etcdPrefix)
        var firstError: ResourceAddressError?
        do {
            let resolved = try address.resolve()
            if resolved.resource != nil || source == nil { return target(resolved) }
        } catch {
            firstError = error
        }
        if let source {
            let table = ResourceTable.builtin.adding(try await Self.customResources(from: source, etcdPrefix: etcdPrefix))
            do {
                return target(try address.resolve(in: table))
            } catch {
                firstError = firstError ?? error
            }
        }
        // A bare word that names no resource may still be a key outside /registry (compact_rev_key).
        if arguments.count == 1 && namespace == nil && !allNamespaces {
            return .exact(first)
        }
        throw CommandFailure(firstError?.description ?? "cannot resolve \(first)")
    }

    func target(_ resolved: ResolvedAddress) -> KeyTarget {
        let key = Array(resolved.key.utf8)
        let namespaced = resolved.resource?.namespaced ?? (namespace != nil)
        let ns = namespaced && !allNamespaces ? (namespace ?? ResourceAddress.defaultNamespace) : nil
        return KeyTarget(key: key, rangeEnd: resolved.isPrefix ? RangeQuery.prefixEnd(key) : nil,
                         resource: resolved, namespace: ns)
    }

    /// Table rows for the CRDs stored in the source (unreadable CRD values are skipped).
    static func customResources(from source: any KeyValueSource, etcdPrefix: String) async throws -> [ResourceInfo] {
        var rows: [ResourceInfo] = []
        let prefix = CustomResourceDefinitions.keyPrefix(etcdPrefix: etcdPrefix)
        _ = try await source.scan(.prefix(Array(prefix.utf8))) { kv in
            if let row = CustomResourceDefinitions.resourceInfo(fromStoredJSON: kv.value) { rows.append(row) }
        }
        return rows
    }
}
