import EngineKit
import EngineStore
import EtcdModel
import GoJSON
import KubeResources

extension APIServer {
    /// Replaces an object (PUT) or its status (`subresource: "status"`). A non-empty
    /// metadata.resourceVersion is a precondition (409 when stale); without one the update is
    /// unconditional and retried on races, as the apiserver does.
    @discardableResult
    public func update(_ input: JSONValue, manager: String, subresource: String? = nil) async throws(APIError) -> JSONValue {
        let resource = try resource(of: input)
        let namespace = try namespaceOf(input, resource)
        let name = input[path: ["metadata", "name"]]?.stringValue ?? ""
        guard !name.isEmpty else {
            throw APIError.invalid(kind: resource.kind, name: "", [FieldError(.required, "metadata.name", "name is required")])
        }
        let precondition = input[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""
        for _ in 0..<16 {
            guard let current = try await read(resource, namespace: namespace, name: name) else {
                throw APIError.notFound(resource.qualifiedName, name)
            }
            if !precondition.isEmpty && precondition != String(current.modRevision) {
                throw APIError.conflict(resource.qualifiedName, name)
            }
            if let uid = input[path: ["metadata", "uid"]]?.stringValue, !uid.isEmpty,
               uid != current.object[path: ["metadata", "uid"]]?.stringValue {
                throw APIError.conflict(resource.qualifiedName, name)
            }
            var object = input
            policy.applyDefaults(&object, resource: resource, kubeVersion: kubeVersion)
            object = merged(request: object, current: current.object, resource: resource, subresource: subresource)
            if let done = try await commitUpdate(object, current: current, resource: resource, manager: manager,
                                                 subresource: subresource, conditional: !precondition.isEmpty) {
                return done
            }
        }
        throw APIError.conflict(resource.qualifiedName, name)
    }

    /// Applies an RFC 7386 JSON merge patch (PATCH with application/merge-patch+json),
    /// retrying on races unless the patch names a resourceVersion.
    @discardableResult
    public func patch(_ resource: ResourceInfo, namespace: String, name: String, mergePatch: JSONValue, manager: String,
                      subresource: String? = nil) async throws(APIError) -> JSONValue {
        let conditional = !(mergePatch[path: ["metadata", "resourceVersion"]]?.stringValue ?? "").isEmpty
        for _ in 0..<16 {
            guard let current = try await read(resource, namespace: namespace, name: name) else {
                throw APIError.notFound(resource.qualifiedName, name)
            }
            var object = MergePatch.apply(mergePatch, to: current.object)
            if conditional, object[path: ["metadata", "resourceVersion"]]?.stringValue != String(current.modRevision) {
                throw APIError.conflict(resource.qualifiedName, name)
            }
            policy.applyDefaults(&object, resource: resource, kubeVersion: kubeVersion)
            object = merged(request: object, current: current.object, resource: resource, subresource: subresource)
            if let done = try await commitUpdate(object, current: current, resource: resource, manager: manager,
                                                 subresource: subresource, conditional: conditional) {
                return done
            }
        }
        throw APIError.conflict(resource.qualifiedName, name)
    }

    /// Fields the request may not change come from the stored object: identity and timestamps
    /// always, status on main-resource writes and everything else on status writes.
    func merged(request: JSONValue, current: JSONValue, resource: ResourceInfo, subresource: String?) -> JSONValue {
        var object: JSONValue
        if subresource == "finalize" {
            object = current
            object.set(request[path: ["spec", "finalizers"]] ?? .array([]), at: "spec", "finalizers")
        } else if subresource == "status" {
            object = current
            object.set(request["status"] ?? .null, at: "status")
            if request["status"] == nil { object.remove(at: "status") }
        } else {
            object = request
            if policy.hasStatusSubresource(resource) {
                if let status = current["status"] { object.set(status, at: "status") } else { object.remove(at: "status") }
            }
        }
        for field in ["uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds", "name", "namespace"] {
            if let v = current[path: ["metadata", field]] { object.set(v, at: "metadata", field) } else { object.remove(at: "metadata", field) }
        }
        if let mf = current[path: ["metadata", "managedFields"]] { object.set(mf, at: "metadata", "managedFields") } else {
            object.remove(at: "metadata", "managedFields")
        }
        return object
    }

    /// Admission, generation, managedFields and the compare-and-swap write. Returns nil when the
    /// stored object changed underneath an unconditional update (the caller retries).
    func commitUpdate(_ input: JSONValue, current: StoredObject, resource: ResourceInfo, manager: String,
                      subresource: String?, conditional: Bool) async throws(APIError) -> JSONValue? {
        var object = input
        let namespace = current.object[path: ["metadata", "namespace"]]?.stringValue ?? ""
        let name = current.object[path: ["metadata", "name"]]?.stringValue ?? ""
        if policy.tracksGeneration(resource), specChanged(current.object, object) {
            let generation = current.object[path: ["metadata", "generation"]]?.intValue ?? 0
            object.set(.int(generation + 1), at: "metadata", "generation")
        }
        var request = AdmissionRequest(operation: .update, resource: resource, subresource: subresource, object: object,
                                       oldObject: current.object, namespace: namespace, name: name)
        try policy.admit(&request, context: AdmissionLookups(self))
        object = request.object
        if let type = schemaType(object) {
            let scope: (only: Set<String>?, excluding: Set<String>) = subresource == "status"
                ? (["status"], [])
                : (nil, policy.hasStatusSubresource(resource) ? ["status"] : [])
            let changes = fieldSets.changes(from: current.object, to: object, type: type, only: scope.only, excluding: scope.excluding)
            let entries = ManagedFieldsTracker.update(entries: ManagedFieldsTracker.entries(of: current.object), changes: changes,
                                                      manager: manager, subresource: subresource ?? "",
                                                      apiVersion: resource.storedAPIVersion, time: clock.timestamp())
            if entries.isEmpty { object.remove(at: "metadata", "managedFields") } else {
                object.set(.array(entries.map(\.json)), at: "metadata", "managedFields")
            }
        }
        let key = Array(paths.key(resource, namespace: namespace, name: name).utf8)
        // The last finalizer of an object being deleted is gone: the update becomes the delete.
        if object[path: ["metadata", "deletionTimestamp"]] != nil, (object[path: ["metadata", "finalizers"]]?.elements ?? []).isEmpty,
           !pendingNamespaceFinalizers(object, resource) {
            let txn = KVTxnRequest(compares: [KVCompare(key: key, .equal, .modRevision(current.modRevision))],
                                   success: [.delete(KVDeleteRequest(key: key))])
            let result = try await storeCall { try await store.txn(txn) }
            if !result.succeeded {
                if conditional { throw APIError.conflict(resource.qualifiedName, name) }
                return nil
            }
            try await releaseAllocations(current.object, resource)
            notify(.deleted, resource, current.object, revision: result.revision)
            return withResourceVersion(object, result.revision)
        }
        let bytes = try codec.encode(object, previous: current)
        if bytes == current.bytes { return current.object }  // no-op update: no new revision
        let txn = KVTxnRequest(compares: [KVCompare(key: key, .equal, .modRevision(current.modRevision))],
                               success: [.put(KVPutRequest(key: key, value: bytes, ignoreLease: true))])
        let result = try await storeCall { try await store.txn(txn) }
        if !result.succeeded {
            if conditional { throw APIError.conflict(resource.qualifiedName, name) }
            return nil
        }
        let stored = withResourceVersion(object, result.revision)
        notify(.modified, resource, stored, revision: result.revision)
        return stored
    }

    /// Everything but metadata and status counts as spec for generation tracking.
    func specChanged(_ old: JSONValue, _ new: JSONValue) -> Bool {
        guard case .object(let a) = old, case .object(let b) = new else { return true }
        let skip: Set<String> = ["metadata", "status", "apiVersion", "kind"]
        let left = a.filter { !skip.contains($0.key) }.sorted { $0.key < $1.key }
        let right = b.filter { !skip.contains($0.key) }.sorted { $0.key < $1.key }
        return left != right
    }

    func pendingNamespaceFinalizers(_ object: JSONValue, _ resource: ResourceInfo) -> Bool {
        resource.group.isEmpty && resource.kind == "Namespace" && !(object[path: ["spec", "finalizers"]]?.elements ?? []).isEmpty
    }
}

/// RFC 7386 JSON merge patch.
public enum MergePatch {
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var result: [JSONMember]
        if case .object(let m) = target { result = m } else { result = [] }
        for p in patchMembers {
            if p.value == .null {
                result.removeAll { $0.key == p.key }
            } else if let i = result.firstIndex(where: { $0.key == p.key }) {
                result[i].value = apply(p.value, to: result[i].value)
            } else {
                result.append(JSONMember(p.key, apply(p.value, to: .null)))
            }
        }
        return .object(result)
    }
}
