import EngineKit
import GoJSON
import KubeResources
import Synchronization

public struct APIWatchEvent: Sendable {
    public enum Kind: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
    }
    public var kind: Kind
    public var resource: ResourceInfo
    /// The object after the change (for deletes: as it was last stored), with resourceVersion.
    public var object: JSONValue
    public var revision: Int64
}

/// A watch for clients inside the process. Events are queued in the order the API server
/// commits them and taken with `drain()`, so a single-threaded engine loop sees a reproducible
/// sequence; `changes` offers the same events as an async stream for other callers.
public final class APIWatch: Sendable {
    public let resource: ResourceInfo?
    public let namespace: String?
    private let queue = Mutex<[APIWatchEvent]>([])
    private let continuation: Mutex<AsyncStream<APIWatchEvent>.Continuation?> = Mutex(nil)
    private let stopped = Atomic<Bool>(false)

    init(resource: ResourceInfo?, namespace: String?) {
        self.resource = resource
        self.namespace = namespace
    }

    func matches(_ event: APIWatchEvent) -> Bool {
        if let resource, resource.kind != event.resource.kind || resource.group != event.resource.group { return false }
        if let namespace, !namespace.isEmpty, event.object[path: ["metadata", "namespace"]]?.stringValue != namespace { return false }
        return true
    }

    func deliver(_ event: APIWatchEvent) {
        if let c = continuation.withLock({ $0 }) {
            c.yield(event)
        } else {
            queue.withLock { $0.append(event) }
        }
    }

    /// Takes every queued event.
    public func drain() -> [APIWatchEvent] {
        queue.withLock { q in
            let out = q
            q.removeAll(keepingCapacity: true)
            return out
        }
    }

    public var hasPending: Bool { queue.withLock { !$0.isEmpty } }

    public var isStopped: Bool { stopped.load(ordering: .relaxed) }

    /// The events as a stream (queued ones first); only one stream per watch.
    public func changes() -> AsyncStream<APIWatchEvent> {
        let (stream, c) = AsyncStream.makeStream(of: APIWatchEvent.self)
        for e in drain() { c.yield(e) }
        continuation.withLock { $0 = c }
        return stream
    }

    public func stop() {
        stopped.store(true, ordering: .relaxed)
        continuation.withLock { $0?.finish(); $0 = nil }
    }
}

extension APIServer {
    /// Watches one resource (nil: every resource), in one namespace (nil: all), from now on.
    public func watch(_ resource: ResourceInfo?, namespace: String? = nil) -> APIWatch {
        let w = APIWatch(resource: resource, namespace: namespace)
        watchers.withLock { $0.append(w) }
        return w
    }

    func notify(_ kind: APIWatchEvent.Kind, _ resource: ResourceInfo, _ object: JSONValue, revision: Int64) {
        let event = APIWatchEvent(kind: kind, resource: resource, object: object, revision: revision)
        if LookupCache.cachedKinds.contains(resource.kind) {
            let key = self.key(resource, namespace: object[path: ["metadata", "namespace"]]?.stringValue ?? "",
                               name: object[path: ["metadata", "name"]]?.stringValue ?? "")
            lookupCache.withLock { $0.objects[key] = kind == .deleted ? nil : object }
        }
        let current = watchers.withLock { list in
            list.removeAll { $0.isStopped }
            return list
        }
        for w in current where w.matches(event) { w.deliver(event) }
    }
}
