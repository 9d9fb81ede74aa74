import EngineKit
import EngineStore
import EtcdModel
import GoJSON
import KubeCodec
import KubeResources
import KubeSchema
import Synchronization

/// An in-process kube-apiserver over a `KVStore`: the registry behaviour (names, uids,
/// resourceVersions, generation, managedFields, finalizers, graceful deletion, conflicts) plus
/// a pluggable admission policy. Every write is an etcd transaction shaped like the apiserver's
/// (create: "only if absent"; update/delete: "only if mod_revision is still N").
///
/// Requests are meant to be issued one at a time by the engine's loop, which keeps runs
/// deterministic; concurrent callers are safe, and lose nothing, but interleave arbitrarily.
public final class APIServer: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var kubeVersion: KubeVersion
        public var etcdPrefix: String
        /// The service IP range (kube-apiserver's `--service-cluster-ip-range`).
        public var serviceCIDR: String
        public var nodePortRange: ClosedRange<Int>
        /// `--event-ttl`: events are stored with an etcd lease of this TTL plus the reuse window.
        public var eventTTLSeconds: Int64

        public init(kubeVersion: KubeVersion = KubeVersion(major: 1, minor: 35), etcdPrefix: String = "/registry",
                    serviceCIDR: String = "10.96.0.0/12", nodePortRange: ClosedRange<Int> = 30000...32767,
                    eventTTLSeconds: Int64 = 3600) {
            self.kubeVersion = kubeVersion
            self.etcdPrefix = etcdPrefix
            self.serviceCIDR = serviceCIDR
            self.nodePortRange = nodePortRange
            self.eventTTLSeconds = eventTTLSeconds
        }
    }

    public let configuration: Configuration
    public let store: any KVStore
    public let clock: EngineClock
    public let policy: any AdmissionPolicy
    public let resources: ResourceTable
    let paths: StoragePath
    let codec = ObjectCodec()
    let fieldSets = FieldSetBuilder()
    let schema = Schema.builtIn
    let random: Mutex<EngineRandom>
    let byKind: [String: ResourceInfo]
    let watchers = Mutex(WatcherRegistry())
    let eventLeases = Mutex(EventLeaseState())
    let allocator: Mutex<ServiceAllocator>
    let lookupCache = Mutex(LookupCache())
    let lastEventName = Mutex<Int64>(0)
    let informers = Mutex(InformerCache())
    let decoded = Mutex(DecodedObjects())

    public init(store: any KVStore, clock: EngineClock, seed: UInt64, policy: any AdmissionPolicy = PermissiveAdmission(),
                configuration: Configuration = Configuration(), resources: ResourceTable = .builtin) throws(APIError) {
        self.store = store
        self.clock = clock
        self.policy = policy
        self.configuration = configuration
        self.resources = resources
        self.paths = StoragePath(etcdPrefix: configuration.etcdPrefix)
        self.random = Mutex(EngineRandom(seed: seed))
        var byKind: [String: ResourceInfo] = [:]
        for r in resources.resources where !r.legacy {
            let key = r.storedAPIVersion + "/" + r.kind
            if byKind[key] == nil { byKind[key] = r }
        }
        self.byKind = byKind
        guard let allocator = ServiceAllocator(cidr: configuration.serviceCIDR, nodePorts: configuration.nodePortRange) else {
            throw APIError.badRequest("invalid service CIDR \(configuration.serviceCIDR)")
        }
        self.allocator = Mutex(allocator)
    }

    public var kubeVersion: KubeVersion { configuration.kubeVersion }

    /// The resource an object belongs to, by its apiVersion and kind (the stored version only:
    /// the engine does not convert between versions).
    public func resource(apiVersion: String, kind: String) throws(APIError) -> ResourceInfo {
        guard let r = byKind[apiVersion + "/" + kind] else {
            throw APIError(code: 404, reason: .notFound,
                           message: "the server could not find the requested resource (kind \(kind) in \(apiVersion))")
        }
        return r
    }

    public func resource(of object: JSONValue) throws(APIError) -> ResourceInfo {
        try resource(apiVersion: object["apiVersion"]?.stringValue ?? "", kind: object["kind"]?.stringValue ?? "")
    }

    public func key(_ resource: ResourceInfo, namespace: String, name: String) -> String {
        paths.key(resource, namespace: namespace, name: name)
    }

    /// Draws from the engine's seeded randomness.
    public func withRandom<R>(_ body: (inout EngineRandom) -> R) -> R {
        random.withLock { body(&$0) }
    }

    /// A nanosecond timestamp for an event name: the clock's time, or one nanosecond past the
    /// last one handed out. Real recorders read a nanosecond wall clock, so two events never share
    /// a name; the simulated clock stands still between steps, so this keeps names distinct.
    public func eventNameTimestamp() -> Int64 {
        let now = clock.unixNanoseconds
        return lastEventName.withLock { last in
            last = max(now, last + 1)
            return last
        }
    }

    func schemaType(_ object: JSONValue) -> Int32? {
        schema.type(apiVersion: object["apiVersion"]?.stringValue ?? "", kind: object["kind"]?.stringValue ?? "")
    }

    /// Store calls with their errors turned into the apiserver's StorageError.
    func storeCall<R>(_ body: () async throws -> R) async throws(APIError) -> R {
        do { return try await body() } catch let e as APIError { throw e } catch {
            throw APIError(code: 500, reason: .storage, message: "storage error: \(error)")
        }
    }
}

/// One etcd lease shared by the events written within a minute (kube-apiserver's lease manager).
struct EventLeaseState {
    var leaseID: Int64 = 0
    var grantedAt: Int64 = 0
    var uses = 0
}

/// The objects admission reads on almost every request (namespaces, service accounts, priority
/// classes), kept current from the API server's own writes so that admission needs no store
/// round trip, whichever store is underneath.
struct LookupCache {
    static let cachedKinds: Set<String> = ["Namespace", "ServiceAccount", "PriorityClass"]
    var objects: [String: JSONValue] = [:]
}

extension APIServer {
    /// Loads the lookup cache and the service allocators from what the store already holds
    /// (a resumed cluster or an etcd written before).
    public func warmUp() async throws(APIError) {
        for kind in LookupCache.cachedKinds.sorted() {
            guard let r = byKind.values.first(where: { $0.kind == kind && ($0.group.isEmpty || $0.group == "scheduling.k8s.io") }) else { continue }
            for item in try await list(r).items {
                let key = self.key(r, namespace: item[path: ["metadata", "namespace"]]?.stringValue ?? "",
                                   name: item[path: ["metadata", "name"]]?.stringValue ?? "")
                lookupCache.withLock { $0.objects[key] = item }
            }
        }
        if let services = resources.lookup("services", group: "") {
            for svc in try await list(services).items {
                if let ip = svc[path: ["spec", "clusterIP"]]?.stringValue { reserveClusterIP(ip) }
                for port in svc[path: ["spec", "ports"]]?.elements ?? [] {
                    if let p = port["nodePort"]?.intValue { allocator.withLock { _ = $0.usedPorts.insert(Int(p)) } }
                }
            }
        }
    }
}
