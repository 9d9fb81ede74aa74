import EngineKit
import GoJSON
import KubeResources
import Synchronization

/// What a shared informer gives kube-controller-manager's controllers: every object of a
/// resource as last written, indexed by namespace and by controlling owner, kept current by the
/// API server's own commits. Controllers list from here instead of decoding the whole prefix
/// from the store on every sync, as real controllers list from their informers.
///
/// A resource is loaded from the store on its first use and from then on follows every write
/// this API server commits; objects that vanish without a write (event leases expiring) are not
/// seen, so events are never served from here.
struct InformerCache {
    struct ResourceObjects {
        /// "namespace/name" → object; the key sorts as the etcd key does.
        var objects: [String: JSONValue] = [:]
        var byNamespace: [String: Set<String>] = [:]
        var byController: [String: Set<String>] = [:]

        mutating func put(_ object: JSONValue) {
            let key = Self.key(object)
            if let old = objects[key] { unindex(old, key) }
            objects[key] = object
            byNamespace[Self.namespace(object), default: []].insert(key)
            if let uid = Self.controllerUID(object) { byController[uid, default: []].insert(key) }
        }

        mutating func remove(_ object: JSONValue) {
            let key = Self.key(object)
            guard let old = objects.removeValue(forKey: key) else { return }
            unindex(old, key)
        }

        private mutating func unindex(_ old: JSONValue, _ key: String) {
            let namespace = Self.namespace(old)
            byNamespace[namespace]?.remove(key)
            if byNamespace[namespace]?.isEmpty == true { byNamespace[namespace] = nil }
            if let uid = Self.controllerUID(old) {
                byController[uid]?.remove(key)
                if byController[uid]?.isEmpty == true { byController[uid] = nil }
            }
        }

        func list(_ keys: some Sequence<String>) -> [JSONValue] {
            keys.sorted().compactMap { objects[$0] }
        }

        static func namespace(_ o: JSONValue) -> String { o[path: ["metadata", "namespace"]]?.stringValue ?? "" }

        static func key(_ o: JSONValue) -> String {
            namespace(o) + "/" + (o[path: ["metadata", "name"]]?.stringValue ?? "")
        }

        static func controllerUID(_ o: JSONValue) -> String? {
            for ref in o[path: ["metadata", "ownerReferences"]]?.elements ?? [] where ref["controller"]?.boolValue == true {
                return ref["uid"]?.stringValue
            }
            return nil
        }
    }

    var resources: [String: ResourceObjects] = [:]

    static func id(_ resource: ResourceInfo) -> String { resource.group + "/" + resource.kind }

    /// Follows one committed change of a resource already loaded.
    mutating func apply(_ kind: APIWatchEvent.Kind, _ resource: ResourceInfo, _ object: JSONValue) {
        let id = Self.id(resource)
        guard resources[id] != nil else { return }
        if kind == .deleted { resources[id]?.remove(object) } else { resources[id]?.put(object) }
    }
}

extension APIServer {
    /// Every object of `resource` (in `namespace`, when given), in etcd key order, as an
    /// informer's lister returns them.
    public func cachedList(_ resource: ResourceInfo, namespace: String? = nil) async throws(APIError) -> [JSONValue] {
        try await loadIntoCache(resource)
        return informers.withLock { cache in
            guard let objects = cache.resources[InformerCache.id(resource)] else { return [] }
            if let namespace { return objects.list(objects.byNamespace[namespace] ?? []) }
            return objects.list(objects.objects.keys)
        }
    }

    /// The objects of `resource` whose controlling ownerReference has `controllerUID`, in key order.
    public func cachedOwned(_ resource: ResourceInfo, controllerUID: String) async throws(APIError) -> [JSONValue] {
        try await loadIntoCache(resource)
        return informers.withLock { cache in
            guard let objects = cache.resources[InformerCache.id(resource)] else { return [] }
            return objects.list(objects.byController[controllerUID] ?? [])
        }
    }

    private func loadIntoCache(_ resource: ResourceInfo) async throws(APIError) {
        let id = InformerCache.id(resource)
        guard informers.withLock({ $0.resources[id] == nil }) else { return }
        let items = try await list(resource).items
        informers.withLock { cache in
            guard cache.resources[id] == nil else { return }
            var objects = InformerCache.ResourceObjects()
            for item in items { objects.put(item) }
            cache.resources[id] = objects
        }
    }
}
