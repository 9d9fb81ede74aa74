import EngineKit
import EngineStore
import EtcdModel
import GoJSON
import KubeResources

/// A stored object with the etcd facts of its key.
struct StoredObject {
    var object: JSONValue
    var modRevision: Int64
    var bytes: [UInt8]
}

extension APIServer {
    public func get(_ resource: ResourceInfo, namespace: String, name: String) async throws(APIError) -> JSONValue {
        guard let stored = try await read(resource, namespace: namespace, name: name) else {
            throw APIError.notFound(resource.qualifiedName, name)
        }
        return stored.object
    }

    /// Every object of a resource (in one namespace, or all), read at one revision, in key order.
    public func list(_ resource: ResourceInfo, namespace: String? = nil) async throws(APIError) -> (items: [JSONValue], revision: Int64) {
        let prefix = Array(paths.listPrefix(resource, namespace: namespace).utf8)
        let result = try await storeCall { try await store.range(.prefix(prefix)) }
        var items: [JSONValue] = []
        items.reserveCapacity(result.kvs.count)
        for kv in result.kvs {
            // A nested prefix (services/specs vs services/endpoints) never shares a list prefix,
            // but a namespace-less list of a namespaced resource must skip deeper keys of others.
            items.append(try withResourceVersion(codec.decode(kv.value), kv.modRevision))
        }
        return (items, result.revision)
    }

    func read(_ resource: ResourceInfo, namespace: String, name: String) async throws(APIError) -> StoredObject? {
        let key = Array(paths.key(resource, namespace: namespace, name: name).utf8)
        let result = try await storeCall { try await store.range(KVRangeRequest(key: key)) }
        guard let kv = result.kvs.first else { return nil }
        if let hit = decoded.withLock({ $0.object(key: key, modRevision: kv.modRevision, bytes: kv.value) }) {
            return StoredObject(object: hit, modRevision: kv.modRevision, bytes: kv.value)
        }
        let object = try withResourceVersion(codec.decode(kv.value), kv.modRevision)
        decoded.withLock { $0.insert(key: key, modRevision: kv.modRevision, bytes: kv.value, object: object) }
        return StoredObject(object: object, modRevision: kv.modRevision, bytes: kv.value)
    }

    /// The apiserver fills resourceVersion from the key's mod revision on every read.
    func withResourceVersion(_ object: JSONValue, _ revision: Int64) -> JSONValue {
        var o = object
        o.set(.string(String(revision)), at: "metadata", "resourceVersion")
        return o
    }
}

/// The objects `read` decoded lately, by key: controllers read the same revision of a
/// ReplicaSet or Deployment several times between two writes, and decoding is most of a read.
/// A hit needs the same mod revision and the same bytes, so it is exactly what decoding again
/// would give, whichever store is underneath. Bounded in two generations: when the newer one is
/// full it becomes the older one, and a hit in the older one moves the entry up, so the objects
/// read again and again stay while the stream of pods, each read once per version, passes through.
struct DecodedObjects {
    static let capacity = 4096
    typealias Entry = (modRevision: Int64, bytes: [UInt8], object: JSONValue)
    private var newer: [[UInt8]: Entry] = [:]
    private var older: [[UInt8]: Entry] = [:]

    mutating func object(key: [UInt8], modRevision: Int64, bytes: [UInt8]) -> JSONValue? {
        if let entry = newer[key] {
            return entry.modRevision == modRevision && entry.bytes == bytes ? entry.object : nil
        }
        guard let entry = older.removeValue(forKey: key), entry.modRevision == modRevision, entry.bytes == bytes else { return nil }
        insert(key: key, modRevision: modRevision, bytes: bytes, object: entry.object)
        return entry.object
    }

    mutating func insert(key: [UInt8], modRevision: Int64, bytes: [UInt8], object: JSONValue) {
        if newer.count >= Self.capacity, newer[key] == nil {
            older = newer
            newer = [:]
            newer.reserveCapacity(Self.capacity)
        }
        newer[key] = (modRevision, bytes, object)
        if !older.isEmpty { older[key] = nil }
    }
}
