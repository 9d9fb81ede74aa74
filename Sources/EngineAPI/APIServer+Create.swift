import EngineKit
import EngineStore
import EtcdModel
import GoJSON
import KubeCodec
import KubeResources

extension APIServer {
    /// Longest generateName kept before the 5-character suffix (63 − 5), as the apiserver cuts it.
    static let maxGeneratedNamePrefix = 58

    /// Creates an object (POST). `manager` is the field manager recorded in managedFields.
    @discardableResult
    public func create(_ input: JSONValue, manager: String) async throws(APIError) -> JSONValue {
        let resource = try resource(of: input)
        var object = input
        let namespace = try namespaceOf(object, resource)
        var name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        let generateName = object[path: ["metadata", "generateName"]]?.stringValue ?? ""
        if name.isEmpty && generateName.isEmpty {
            throw APIError.invalid(kind: resource.kind, name: "", [FieldError(.required, "metadata.name", "name or generateName is required")])
        }
        policy.applyDefaults(&object, resource: resource, kubeVersion: kubeVersion)
        // Everything the create sets is the creator's; rendered once, outside the name retries.
        let fieldsV1 = schemaType(object).map { type -> JSONValue in
            let excluding: Set<String> = policy.hasStatusSubresource(resource) ? ["status"] : []
            return fieldSets.fieldsV1(of: object, type: type, excluding: excluding)
                ?? FieldSet(fieldSets.fieldValues(of: object, type: type, excluding: excluding).allPaths).fieldsV1
        }
        // kube-apiserver retries a generated name that is taken (up to 8 attempts).
        for attempt in 0..<8 {
            if name.isEmpty || (attempt > 0 && !generateName.isEmpty) {
                let suffix = withRandom { $0.nameSuffix() }
                name = String(generateName.prefix(Self.maxGeneratedNamePrefix)) + suffix
            }
            var candidate = object
            candidate.set(.string(name), at: "metadata", "name")
            if resource.namespaced { candidate.set(.string(namespace), at: "metadata", "namespace") }
            candidate.remove(at: "metadata", "resourceVersion")
            candidate.remove(at: "metadata", "selfLink")
            candidate.remove(at: "metadata", "deletionTimestamp")
            candidate.remove(at: "metadata", "deletionGracePeriodSeconds")
            candidate.set(.string(withRandom { $0.uuid() }), at: "metadata", "uid")
            candidate.set(.string(clock.timestamp()), at: "metadata", "creationTimestamp")
            if policy.tracksGeneration(resource) { candidate.set(.int(1), at: "metadata", "generation") } else {
                candidate.remove(at: "metadata", "generation")
            }
            var request = AdmissionRequest(operation: .create, resource: resource, object: candidate, namespace: namespace, name: name)
            try policy.admit(&request, context: AdmissionLookups(self))
            candidate = request.object
            if let fieldsV1 {
                let entries = fieldsV1 == .object([]) ? [] : [ManagedFieldsEntry(manager: manager, apiVersion: resource.storedAPIVersion,
                                                                                   time: clock.timestamp(), fieldsV1: fieldsV1)]
                candidate.set(.array(entries.map(\.json)), at: "metadata", "managedFields")
            } else {
                candidate.remove(at: "metadata", "managedFields")
            }
            try await beforeCreate(&candidate, resource)
            let bytes = try codec.encode(candidate)
            let key = Array(paths.key(resource, namespace: namespace, name: name).utf8)
            let lease = try await leaseFor(resource)
            let txn = KVTxnRequest(compares: [KVCompare(key: key, .equal, .modRevision(0))],
                                   success: [.put(KVPutRequest(key: key, value: bytes, lease: lease))])
            let result = try await storeCall { try await store.txn(txn) }
            if result.succeeded {
                let stored = withResourceVersion(candidate, result.revision)
                notify(.added, resource, stored, revision: result.revision)
                return stored
            }
            try await releaseAllocations(candidate, resource)
            if generateName.isEmpty || !(input[path: ["metadata", "name"]]?.stringValue ?? "").isEmpty {
                throw APIError.alreadyExists(resource.qualifiedName, name)
            }
        }
        throw APIError.alreadyExists(resource.qualifiedName, name)
    }

    func namespaceOf(_ object: JSONValue, _ resource: ResourceInfo) throws(APIError) -> String {
        guard resource.namespaced else { return "" }
        let ns = object[path: ["metadata", "namespace"]]?.stringValue ?? ""
        return ns.isEmpty ? "default" : ns
    }

    /// The etcd lease events are written with: one per minute of writes, TTL = event TTL + the
    /// reuse window (min(5% of the TTL, 60 s)), at most 1000 objects each.
    func leaseFor(_ resource: ResourceInfo) async throws(APIError) -> Int64 {
        guard resource.group.isEmpty, resource.kind == "Event" else { return 0 }
        let now = clock.unixNanoseconds
        let ttl = configuration.eventTTLSeconds
        let window = min(ttl / 20, 60)
        let reuse = eventLeases.withLock { s -> Int64? in
            guard s.leaseID != 0, now - s.grantedAt < window * 1_000_000_000, s.uses < 1000 else { return nil }
            s.uses += 1
            return s.leaseID
        }
        if let reuse { return reuse }
        let lease = try await storeCall { try await store.leaseGrant(ttl: ttl + window, id: 0) }
        eventLeases.withLock { $0 = EventLeaseState(leaseID: lease.id, grantedAt: now, uses: 1) }
        return lease.id
    }
}

/// What admission may read, served from the store.
final class AdmissionLookups: AdmissionContext {
    let server: APIServer
    init(_ server: APIServer) { self.server = server }

    var kubeVersion: KubeVersion { server.kubeVersion }

    func lookup(_ resource: ResourceInfo, namespace: String, name: String) -> JSONValue? {
        let key = server.key(resource, namespace: namespace, name: name)
        if LookupCache.cachedKinds.contains(resource.kind) { return server.lookupCache.withLock { $0.objects[key] } }
        guard let embedded = server.store as? EmbeddedStore,
              let kv = try? embedded.range(KVRangeRequest(key: Array(key.utf8))).kvs.first else { return nil }
        return try? server.codec.decode(kv.value)
    }

    func lookup(plural: String, group: String, namespace: String, name: String) -> JSONValue? {
        guard let r = server.resources.lookup(plural, group: group) else { return nil }
        return lookup(r, namespace: namespace, name: name)
    }

    func nameSuffix() -> String { server.withRandom { $0.nameSuffix() } }
}
