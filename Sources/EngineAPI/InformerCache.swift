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
        /// Kept sorted: a controller lists its objects on every sync (a DaemonSet, a pod per node).
        var byController: [String: SortedKeys] = [:]
        /// Every key in order, kept until a key comes or goes (whole-resource lists are read far
        /// more often than objects are added: nodes, on every DaemonSet sync).
        var sortedKeys: [String]?

        mutating func put(_ object: JSONValue) {
            let key = Self.key(object)
            let controller = Self.controllerUID(object)
            if let old = objects.updateValue(object, forKey: key) {
                // The namespace is part of the key; only the controller can change.
                let oldController = Self.controllerUID(old)
                guard oldController != controller else { return }
                if let oldController { unindexController(oldController, key) }
            } else {
                sortedKeys = nil
                byNamespace[Self.namespace(object), default: []].insert(key)
            }
            if let controller { byController[controller, default: SortedKeys()].insert(key) }
        }

        mutating func remove(_ object: JSONValue) {
            let key = Self.key(object)
            guard let old = objects.removeValue(forKey: key) else { return }
            sortedKeys = nil
            unindex(old, key)
        }

        private mutating func unindex(_ old: JSONValue, _ key: String) {
            let namespace = Self.namespace(old)
            byNamespace[namespace]?.remove(key)
            if byNamespace[namespace]?.isEmpty == true { byNamespace[namespace] = nil }
            if let uid = Self.controllerUID(old) { unindexController(uid, key) }
        }

        private mutating func unindexController(_ uid: String, _ key: String) {
            byController[uid]?.remove(key)
            if byController[uid]?.isEmpty == true { byController[uid] = nil }
        }

        func list(_ keys: some Sequence<String>) -> [JSONValue] {
            keys.sorted().compactMap { objects[$0] }
        }

        mutating func listAll() -> [JSONValue] {
            let keys = sortedKeys ?? objects.keys.sorted()
            sortedKeys = keys
            return keys.compactMap { objects[$0] }
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
            let id = InformerCache.id(resource)
            if let namespace {
                guard let objects = cache.resources[id] else { return [] }
                return objects.list(objects.byNamespace[namespace] ?? [])
            }
            return cache.resources[id]?.listAll() ?? []
        }
    }

    /// The objects of `resource` whose controlling ownerReference has `controllerUID`, in key order.
    public func cachedOwned(_ resource: ResourceInfo, controllerUID: String) async throws(APIError) -> [JSONValue] {
        try await loadIntoCache(resource)
        return informers.withLock { cache in
            guard let objects = cache.resources[InformerCache.id(resource)] else { return [] }
            return (objects.byController[controllerUID]?.keys ?? []).compactMap { objects.objects[$0] }
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

/// A set of keys held in ascending order.
struct SortedKeys {
    private(set) var keys: [String] = []

    var isEmpty: Bool { keys.isEmpty }

    private func lowerBound(_ key: String) -> Int {
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }

    mutating func insert(_ key: String) {
        let i = lowerBound(key)
        if i < keys.count, keys[i] == key { return }
        keys.insert(key, at: i)
    }

    mutating func remove(_ key: String) {
        let i = lowerBound(key)
        if i < keys.count, keys[i] == key { keys.remove(at: i) }
    }
}
