import EngineAPI
import EngineKit
import GoJSON
import KubeResources

/// The garbage collector: deletes objects whose owners (by ownerReferences uid) are all gone,
/// carries out foreground deletion (dependents first, then the owner's `foregroundDeletion`
/// finalizer) and orphaning (the references removed, then the `orphan` finalizer).
final class GarbageCollector: Controller {
    let name = "garbage-collector-controller"

    private struct Node {
        var resource: ResourceInfo
        var namespace: String
        var name: String
        var owners: [String]
    }

    private var watch: APIWatch?
    private var nodes: [String: Node] = [:]
    /// owner uid → dependent uids, in the order they were seen.
    private var dependents: [String: [String]] = [:]
    private var ownersToProcess: [String] = []
    private var dependentsToCheck: [String] = []

    init() {}

    func start(_ api: APIServer) async throws {
        watch = api.watch(nil)
        var seenPrefixes: Set<String> = []
        for resource in api.resources.resources where !resource.legacy && resource.kind != "Event" {
            guard seenPrefixes.insert(resource.keyPrefix).inserted,
                  let items = try? await api.list(resource).items else { continue }
            for object in items {
                index(object, resource: resource)
                if !(object[path: ["metadata", "ownerReferences"]]?.elements ?? []).isEmpty {
                    dependentsToCheck.append(WorkloadObject.uid(object))
                }
                if Self.pendingFinalizer(object) != nil { ownersToProcess.append(WorkloadObject.uid(object)) }
            }
        }
    }

    private func index(_ object: JSONValue, resource: ResourceInfo) {
        let uid = WorkloadObject.uid(object)
        guard !uid.isEmpty else { return }
        let owners = (object[path: ["metadata", "ownerReferences"]]?.elements ?? []).compactMap { $0["uid"]?.stringValue }
        if let previous = nodes[uid] {
            for owner in previous.owners where !owners.contains(owner) { dependents[owner]?.removeAll { $0 == uid } }
        }
        for owner in owners where !(dependents[owner]?.contains(uid) ?? false) { dependents[owner, default: []].append(uid) }
        nodes[uid] = Node(resource: resource, namespace: WorkloadObject.namespace(object), name: WorkloadObject.name(object), owners: owners)
    }

    /// The GC finalizer a deleting object waits on.
    private static func pendingFinalizer(_ object: JSONValue) -> String? {
        guard WorkloadObject.isDeleting(object) else { return nil }
        let finalizers = (object[path: ["metadata", "finalizers"]]?.elements ?? []).compactMap(\.stringValue)
        if finalizers.contains("orphan") { return "orphan" }
        if finalizers.contains("foregroundDeletion") { return "foregroundDeletion" }
        return nil
    }

    func step(_ api: APIServer) async throws -> Bool {
        for event in watch?.drain() ?? [] where event.resource.kind != "Event" {
            let uid = WorkloadObject.uid(event.object)
            switch event.kind {
            case .added, .modified:
                let hadOwners = nodes[uid]?.owners
                index(event.object, resource: event.resource)
                if event.kind == .added || hadOwners != nodes[uid]?.owners, !(nodes[uid]?.owners.isEmpty ?? true) {
                    dependentsToCheck.append(uid)
                }
                if Self.pendingFinalizer(event.object) != nil { ownersToProcess.append(uid) }
            case .deleted:
                let owners = nodes[uid]?.owners ?? []
                nodes[uid] = nil
                for owner in owners { dependents[owner]?.removeAll { $0 == uid } }
                // Its dependents may now be orphans; an owner waiting in foreground may be free.
                dependentsToCheck += dependents[uid] ?? []
                ownersToProcess += owners
            }
        }
        var didWork = false
        while !ownersToProcess.isEmpty || !dependentsToCheck.isEmpty {
            let owners = Self.unique(ownersToProcess)
            ownersToProcess.removeAll()
            for uid in owners {
                if try await processOwner(uid, api: api) { didWork = true }
            }
            let checks = Self.unique(dependentsToCheck)
            dependentsToCheck.removeAll()
            for uid in checks {
                if try await checkDependent(uid, api: api) { didWork = true }
            }
        }
        return didWork
    }

    private static func unique(_ list: [String]) -> [String] {
        var seen: Set<String> = []
        return list.filter { seen.insert($0).inserted }
    }

    private func current(_ uid: String, api: APIServer) async -> JSONValue? {
        guard let node = nodes[uid],
              let object = try? await api.get(node.resource, namespace: node.namespace, name: node.name),
              WorkloadObject.uid(object) == uid else { return nil }
        return object
    }

    /// An owner being deleted in the foreground or with orphaning.
    private func processOwner(_ uid: String, api: APIServer) async throws -> Bool {
        guard let owner = await current(uid, api: api), let finalizer = Self.pendingFinalizer(owner) else { return false }
        var wrote = false
        let waiting = dependents[uid] ?? []
        if finalizer == "orphan" {
            for dependentUID in waiting {
                guard var dependent = await current(dependentUID, api: api) else { continue }
                let refs = (dependent[path: ["metadata", "ownerReferences"]]?.elements ?? []).filter { $0["uid"]?.stringValue != uid }
                if refs.isEmpty { dependent.remove(at: "metadata", "ownerReferences") } else {
                    dependent.set(.array(refs), at: "metadata", "ownerReferences")
                }
                _ = try await api.workloadUpdate(dependent)
                wrote = true
            }
        } else {
            var blocking = 0
            for dependentUID in waiting {
                guard let dependent = await current(dependentUID, api: api) else { continue }
                let ref = (dependent[path: ["metadata", "ownerReferences"]]?.elements ?? []).first { $0["uid"]?.stringValue == uid }
                let blocks = ref?["blockOwnerDeletion"]?.boolValue == true
                if blocks { blocking += 1 }
                guard !WorkloadObject.isDeleting(dependent), let node = nodes[dependentUID] else { continue }
                // Dependents that block the owner are deleted in the foreground too, so the
                // owner goes last down the whole chain.
                _ = try? await api.delete(node.resource, namespace: node.namespace, name: node.name,
                                          options: DeleteOptions(propagationPolicy: blocks ? .foreground : .background,
                                                                 preconditionUID: dependentUID),
                                          manager: WorkloadControllers.manager)
                wrote = true
            }
            if blocking > 0 { return wrote }
        }
        guard let fresh = await current(uid, api: api) else { return wrote }
        var updated = fresh
        let remaining = (fresh[path: ["metadata", "finalizers"]]?.elements ?? []).filter { $0.stringValue != finalizer }
        updated.set(.array(remaining), at: "metadata", "finalizers")
        _ = try await api.workloadUpdate(updated)
        return true
    }

    /// A dependent whose owners may be gone: deleted when none is left, unlinked from the
    /// missing ones otherwise.
    private func checkDependent(_ uid: String, api: APIServer) async throws -> Bool {
        // Owners the graph holds are alive (their deletion would have removed them): nothing to
        // ask the API server, as upstream's graph answers from its own nodes first.
        if let node = nodes[uid], node.owners.allSatisfy({ nodes[$0] != nil }) { return false }
        guard var dependent = await current(uid, api: api), !WorkloadObject.isDeleting(dependent) else { return false }
        let refs = dependent[path: ["metadata", "ownerReferences"]]?.elements ?? []
        guard !refs.isEmpty else { return false }
        var live: [JSONValue] = []
        for ref in refs {
            if await ownerExists(ref, namespace: WorkloadObject.namespace(dependent), api: api) { live.append(ref) }
        }
        if live.count == refs.count { return false }
        if live.isEmpty, let node = nodes[uid] {
            let finalizers = (dependent[path: ["metadata", "finalizers"]]?.elements ?? []).compactMap(\.stringValue)
            let policy: DeleteOptions.Propagation = finalizers.contains("orphan") ? .orphan
                : finalizers.contains("foregroundDeletion") ? .foreground : .background
            _ = try? await api.delete(node.resource, namespace: node.namespace, name: node.name,
                                      options: DeleteOptions(propagationPolicy: policy, preconditionUID: uid),
                                      manager: WorkloadControllers.manager)
            return true
        }
        dependent.set(.array(live), at: "metadata", "ownerReferences")
        _ = try await api.workloadUpdate(dependent)
        return true
    }

    private func ownerExists(_ ref: JSONValue, namespace: String, api: APIServer) async -> Bool {
        guard let resource = try? api.resource(apiVersion: ref["apiVersion"]?.stringValue ?? "", kind: ref["kind"]?.stringValue ?? ""),
              let name = ref["name"]?.stringValue else {
            // An owner of a kind this API server does not serve cannot be checked: keep it.
            return true
        }
        do {
            let owner = try await api.get(resource, namespace: resource.namespaced ? namespace : "", name: name)
            return WorkloadObject.uid(owner) == ref["uid"]?.stringValue
        } catch {
            // Only a definite 404 proves the owner gone; a failed read keeps the dependent.
            return error.reason != .notFound
        }
    }
}
