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
        /// Pods carry their PodFacts in the owner index.
        let isPods: Bool
        /// "namespace/name" → object; the key sorts as the etcd key does.
        var objects: [String: JSONValue] = [:]
        var byNamespace: [String: Set<String>] = [:]
        /// Kept sorted, objects included: a controller lists what it owns on every sync (a
        /// ReplicaSet on every change of one of its pods, a DaemonSet a pod per node).
        var byController: [String: SortedObjects] = [:]
        /// Every key in order, kept until a key comes or goes (whole-resource lists are read far
        /// more often than objects are added: nodes, on every DaemonSet sync).
        var sortedKeys: [String]?

        mutating func put(_ object: JSONValue) {
            let key = Self.key(object)
            let controller = Self.controllerUID(object)
            if let old = objects.updateValue(object, forKey: key) {
                // The namespace is part of the key; only the controller can change.
                let oldController = Self.controllerUID(old)
                if oldController == controller {
                    if let controller {
                        let objectFacts = facts(object)
                        byController[controller]?.put(key, object, facts: objectFacts)
                    }
                    return
                }
                if let oldController { unindexController(oldController, key) }
            } else {
                sortedKeys = nil
                byNamespace[Self.namespace(object), default: []].insert(key)
            }
            if let controller {
                let objectFacts = facts(object)
                byController[controller, default: SortedObjects()].put(key, object, facts: objectFacts)
            }
        }

        private func facts(_ object: JSONValue) -> PodFacts? {
            isPods ? PodFacts(object) : nil
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
            allKeys().compactMap { objects[$0] }
        }

        mutating func allKeys() -> [String] {
            let keys = sortedKeys ?? objects.keys.sorted()
            sortedKeys = keys
            return keys
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
            return objects.byController[controllerUID]?.objects ?? []
        }
    }

    /// The pods whose controlling ownerReference has `controllerUID`, in key order, with their facts.
    public func cachedOwnedPods(controllerUID: String) async throws(APIError) -> [(pod: JSONValue, facts: PodFacts)] {
        let resource = try resource(apiVersion: "v1", kind: "Pod")
        try await loadIntoCache(resource)
        return informers.withLock { cache in
            guard let owned = cache.resources[InformerCache.id(resource)]?.byController[controllerUID] else { return [] }
            var result: [(pod: JSONValue, facts: PodFacts)] = []
            result.reserveCapacity(owned.objects.count)
            for (object, facts) in zip(owned.objects, owned.facts) { result.append((object, facts ?? PodFacts(object))) }
            return result
        }
    }

    /// The keys ("namespace/name") of every object of `resource`, in etcd key order. The same
    /// array comes back until an object is added or removed, so callers can compare it cheaply.
    public func cachedKeys(_ resource: ResourceInfo) async throws(APIError) -> [String] {
        try await loadIntoCache(resource)
        return informers.withLock { cache in cache.resources[InformerCache.id(resource)]?.allKeys() ?? [] }
    }

    private func loadIntoCache(_ resource: ResourceInfo) async throws(APIError) {
        let id = InformerCache.id(resource)
        guard informers.withLock({ $0.resources[id] == nil }) else { return }
        let items = try await list(resource).items
        informers.withLock { cache in
            guard cache.resources[id] == nil else { return }
            var objects = InformerCache.ResourceObjects(isPods: resource.kind == "Pod" && resource.group.isEmpty)
            for item in items { objects.put(item) }
            cache.resources[id] = objects
        }
    }
}

/// Objects held in ascending order of their keys.
struct SortedObjects {
    private(set) var keys: [String] = []
    private(set) var objects: [JSONValue] = []
    private(set) var facts: [PodFacts?] = []

    var isEmpty: Bool { keys.isEmpty }

    private func lowerBound(_ key: String) -> Int {
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Adds the object, or replaces the one with the same key.
    mutating func put(_ key: String, _ object: JSONValue, facts objectFacts: PodFacts?) {
        let i = lowerBound(key)
        if i < keys.count, keys[i] == key {
            objects[i] = object
            facts[i] = objectFacts
            return
        }
        keys.insert(key, at: i)
        objects.insert(object, at: i)
        facts.insert(objectFacts, at: i)
    }

    mutating func remove(_ key: String) {
        let i = lowerBound(key)
        if i < keys.count, keys[i] == key {
            keys.remove(at: i)
            objects.remove(at: i)
            facts.remove(at: i)
        }
    }
}
