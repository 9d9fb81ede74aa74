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
    /// A `spec.nodeName=` field selector, as a kubelet watches its own pods.
    public let nodeName: String?
    /// The component that opened the watch (see `APIServer.withWatchOwner`); events it receives
    /// wake that component.
    let owner: Int?
    private let queue = Mutex<[APIWatchEvent]>([])
    private let continuation: Mutex<AsyncStream<APIWatchEvent>.Continuation?> = Mutex(nil)
    private let stopped = Atomic<Bool>(false)

    init(resource: ResourceInfo?, namespace: String?, nodeName: String?, owner: Int?) {
        self.resource = resource
        self.namespace = namespace
        self.nodeName = nodeName
        self.owner = owner
    }

    func matches(_ event: APIWatchEvent) -> Bool {
        if let nodeName, event.object[path: ["spec", "nodeName"]]?.stringValue != nodeName { return false }
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

/// The open watches: those with a node-name selector indexed by node, so that a pod event
/// reaches its own node's kubelet without visiting a thousand others.
struct WatcherRegistry {
    var general: [APIWatch] = []
    var byNodeName: [String: [APIWatch]] = [:]
    /// Components whose watches received events since the last `takeWoken()`.
    var woken = Set<Int>()
    var owner: Int?
}

extension APIServer {
    /// Watches one resource (nil: every resource), in one namespace (nil: all), from now on;
    /// with `nodeName`, only pods bound to that node (the kubelet's field selector).
    public func watch(_ resource: ResourceInfo?, namespace: String? = nil, nodeName: String? = nil) -> APIWatch {
        watchers.withLock { registry in
            let w = APIWatch(resource: resource, namespace: namespace, nodeName: nodeName, owner: registry.owner)
            if let nodeName { registry.byNodeName[nodeName, default: []].append(w) } else { registry.general.append(w) }
            return w
        }
    }

    /// Runs `body` with watches it opens tagged as belonging to component `owner`.
    public func withWatchOwner<T>(_ owner: Int?, _ body: () async throws -> T) async rethrows -> T {
        let previous = watchers.withLock { r in
            let p = r.owner
            r.owner = owner
            return p
        }
        defer { watchers.withLock { $0.owner = previous } }
        return try await body()
    }

    /// The components whose watches received events since the last call. An array, so that the
    /// set is emptied in place: handing the set itself out made emptying it allocate a new one of
    /// the same (thousand-component) capacity after every step.
    public func takeWoken() -> [Int] {
        watchers.withLock { r in
            guard !r.woken.isEmpty else { return [] }
            let out = Array(r.woken)
            r.woken.removeAll(keepingCapacity: true)
            return out
        }
    }

    func notify(_ kind: APIWatchEvent.Kind, _ resource: ResourceInfo, _ object: JSONValue, revision: Int64) {
        let event = APIWatchEvent(kind: kind, resource: resource, object: object, revision: revision)
        if LookupCache.cachedKinds.contains(resource.kind) {
            let key = self.key(resource, namespace: object[path: ["metadata", "namespace"]]?.stringValue ?? "",
                               name: object[path: ["metadata", "name"]]?.stringValue ?? "")
            lookupCache.withLock { $0.objects[key] = kind == .deleted ? nil : object }
        }
        informers.withLock { $0.apply(kind, resource, object) }
        let nodeName = resource.kind == "Pod" && resource.group.isEmpty ? event.object[path: ["spec", "nodeName"]]?.stringValue : nil
        let matched = watchers.withLock { registry -> [APIWatch] in
            var matched: [APIWatch] = []
            var sawStopped = false
            func visit(_ list: [APIWatch]) {
                for w in list {
                    if w.isStopped { sawStopped = true; continue }
                    guard w.matches(event) else { continue }
                    matched.append(w)
                    if let owner = w.owner { registry.woken.insert(owner) }
                }
            }
            visit(registry.general)
            if let nodeName, let forNode = registry.byNodeName[nodeName] { visit(forNode) }
            if sawStopped {
                registry.general.removeAll { $0.isStopped }
                if let nodeName { registry.byNodeName[nodeName]?.removeAll { $0.isStopped } }
            }
            return matched
        }
        for w in matched { w.deliver(event) }
    }
}
