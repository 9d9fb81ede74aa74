import EngineKit
import EngineStore
import EtcdModel
import GoJSON
import KubeResources

public struct DeleteOptions: Sendable {
    public enum Propagation: String, Sendable {
        case background = "Background"
        case foreground = "Foreground"
        case orphan = "Orphan"
    }
    /// nil: the object's own (pods: spec.terminationGracePeriodSeconds); 0: immediately.
    public var gracePeriodSeconds: Int64?
    public var propagationPolicy: Propagation
    public var preconditionUID: String?
    public var preconditionResourceVersion: String?

    public init(gracePeriodSeconds: Int64? = nil, propagationPolicy: Propagation = .background,
                preconditionUID: String? = nil, preconditionResourceVersion: String? = nil) {
        self.gracePeriodSeconds = gracePeriodSeconds
        self.propagationPolicy = propagationPolicy
        self.preconditionUID = preconditionUID
        self.preconditionResourceVersion = preconditionResourceVersion
    }
}

extension APIServer {
    /// Deletes an object (DELETE). Objects with finalizers, pods on a node (graceful deletion)
    /// and namespaces with spec finalizers get a deletionTimestamp instead and are returned;
    /// nil means the key is gone.
    @discardableResult
    public func delete(_ resource: ResourceInfo, namespace: String, name: String, options: DeleteOptions = DeleteOptions(),
                       manager: String = "") async throws(APIError) -> JSONValue? {
        for _ in 0..<16 {
            guard let current = try await read(resource, namespace: namespace, name: name) else {
                throw APIError.notFound(resource.qualifiedName, name)
            }
            if let uid = options.preconditionUID, uid != current.object[path: ["metadata", "uid"]]?.stringValue {
                throw APIError.conflict(resource.qualifiedName, name)
            }
            if let rv = options.preconditionResourceVersion, rv != String(current.modRevision) {
                throw APIError.conflict(resource.qualifiedName, name)
            }
            var object = current.object
            let key = Array(paths.key(resource, namespace: namespace, name: name).utf8)
            var graceful = false
            let isPod = resource.group.isEmpty && resource.kind == "Pod"
            if isPod, object[path: ["metadata", "deletionTimestamp"]] == nil,
               !(object[path: ["spec", "nodeName"]]?.stringValue ?? "").isEmpty,
               !["Succeeded", "Failed"].contains(object[path: ["status", "phase"]]?.stringValue ?? "") {
                let grace = options.gracePeriodSeconds ?? object[path: ["spec", "terminationGracePeriodSeconds"]]?.intValue ?? 30
                if grace > 0 {
                    graceful = true
                    object.set(.string(RFC3339.seconds(clock.unixNanoseconds + grace * 1_000_000_000)), at: "metadata", "deletionTimestamp")
                    object.set(.int(grace), at: "metadata", "deletionGracePeriodSeconds")
                    // Pod generation tracking (KEP 5067) counts setting the deletion timestamp.
                    if policy.tracksGeneration(resource), let g = object[path: ["metadata", "generation"]]?.intValue {
                        object.set(.int(g + 1), at: "metadata", "generation")
                    }
                }
            }
            switch options.propagationPolicy {
            case .foreground: addFinalizer("foregroundDeletion", to: &object)
            case .orphan: addFinalizer("orphan", to: &object)
            case .background: break
            }
            let finalizers = object[path: ["metadata", "finalizers"]]?.elements ?? []
            let namespaceFinalizing = pendingNamespaceFinalizers(object, resource)
            if graceful || !finalizers.isEmpty || namespaceFinalizing {
                if object[path: ["metadata", "deletionTimestamp"]] == nil {
                    object.set(.string(clock.timestamp()), at: "metadata", "deletionTimestamp")
                    object.set(.int(0), at: "metadata", "deletionGracePeriodSeconds")
                }
                if namespaceFinalizing { object.set(.string("Terminating"), at: "status", "phase") }
                let bytes = try codec.encode(object)
                if bytes == current.bytes { return current.object }
                let txn = KVTxnRequest(compares: [KVCompare(key: key, .equal, .modRevision(current.modRevision))],
                                       success: [.put(KVPutRequest(key: key, value: bytes, ignoreLease: true))])
                let result = try await storeCall { try await store.txn(txn) }
                guard result.succeeded else { continue }
                let stored = withResourceVersion(object, result.revision)
                notify(.modified, resource, stored, revision: result.revision)
                return stored
            }
            let txn = KVTxnRequest(compares: [KVCompare(key: key, .equal, .modRevision(current.modRevision))],
                                   success: [.delete(KVDeleteRequest(key: key))])
            let result = try await storeCall { try await store.txn(txn) }
            guard result.succeeded else { continue }
            try await releaseAllocations(current.object, resource)
            notify(.deleted, resource, current.object, revision: result.revision)
            return nil
        }
        throw APIError.conflict(resource.qualifiedName, name)
    }

    private func addFinalizer(_ finalizer: String, to object: inout JSONValue) {
        var list = object[path: ["metadata", "finalizers"]]?.elements ?? []
        if !list.contains(.string(finalizer)) { list.append(.string(finalizer)) }
        object.set(.array(list), at: "metadata", "finalizers")
    }

    /// POST pods/<name>/binding: sets spec.nodeName and the PodScheduled condition in one write.
    @discardableResult
    public func bind(namespace: String, pod name: String, node: String, uid: String? = nil) async throws(APIError) -> JSONValue {
        let resource = try resource(apiVersion: "v1", kind: "Pod")
        for _ in 0..<16 {
            guard let current = try await read(resource, namespace: namespace, name: name) else {
                throw APIError.notFound(resource.qualifiedName, name)
            }
            var pod = current.object
            if let uid, uid != pod[path: ["metadata", "uid"]]?.stringValue { throw APIError.conflict(resource.qualifiedName, name) }
            if pod[path: ["metadata", "deletionTimestamp"]] != nil {
                throw APIError.conflict(resource.qualifiedName, name)
            }
            if let existing = pod[path: ["spec", "nodeName"]]?.stringValue, !existing.isEmpty {
                throw APIError(code: 409, reason: .conflict, message: "pod \(name) is already assigned to node \"\(existing)\"")
            }
            // The binding does not bump metadata.generation: a real 1.35 pod (notes, D4) is
            // Running with generation 1 and observedGeneration 1 after it.
            pod.set(.string(node), at: "spec", "nodeName")
            var conditions = (pod[path: ["status", "conditions"]]?.elements ?? []).filter { $0["type"]?.stringValue != "PodScheduled" }
            conditions.append(.object([
                JSONMember("type", .string("PodScheduled")),
                JSONMember("status", .string("True")),
                JSONMember("lastProbeTime", .null),
                JSONMember("lastTransitionTime", .string(clock.timestamp())),
            ]))
            pod.set(.array(conditions), at: "status", "conditions")
            let key = Array(paths.key(resource, namespace: namespace, name: name).utf8)
            let bytes = try codec.encode(pod, previous: current)
            let txn = KVTxnRequest(compares: [KVCompare(key: key, .equal, .modRevision(current.modRevision))],
                                   success: [.put(KVPutRequest(key: key, value: bytes))])
            let result = try await storeCall { try await store.txn(txn) }
            guard result.succeeded else { continue }
            let stored = withResourceVersion(pod, result.revision)
            notify(.modified, resource, stored, revision: result.revision)
            return stored
        }
        throw APIError.conflict(resource.qualifiedName, name)
    }
}
