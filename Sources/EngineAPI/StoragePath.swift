import KubeResources

/// Where kube-apiserver keeps an object in etcd: `<prefix>/<keyPrefix>/[<namespace>/]<name>`.
public struct StoragePath: Sendable {
    public let etcdPrefix: String

    public init(etcdPrefix: String = "/registry") {
        self.etcdPrefix = etcdPrefix.hasSuffix("/") ? String(etcdPrefix.dropLast()) : etcdPrefix
    }

    public func key(_ resource: ResourceInfo, namespace: String, name: String) -> String {
        resource.namespaced
            ? "\(etcdPrefix)/\(resource.keyPrefix)/\(namespace)/\(name)"
            : "\(etcdPrefix)/\(resource.keyPrefix)/\(name)"
    }

    /// The prefix of a list: every object of the resource, or of one namespace (trailing slash,
    /// so that namespace `a` does not match `ab`).
    public func listPrefix(_ resource: ResourceInfo, namespace: String?) -> String {
        if resource.namespaced, let namespace, !namespace.isEmpty {
            return "\(etcdPrefix)/\(resource.keyPrefix)/\(namespace)/"
        }
        return "\(etcdPrefix)/\(resource.keyPrefix)/"
    }
}
