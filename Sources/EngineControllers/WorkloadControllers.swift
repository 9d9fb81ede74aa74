import EngineAPI
import EngineKit
import GoJSON
import KubeCodec
import KubeResources

/// kube-controller-manager's controllers that turn workloads, namespaces and services into the
/// objects a real cluster stores.
public enum WorkloadControllers {
    /// The controllers in a fixed order. Namespace content (the `default` ServiceAccount and the
    /// root CA ConfigMap) comes first so that pods created in the same round pass ServiceAccount
    /// admission; the garbage collector runs last so it sees every owner the others created.
    public static func all(caPEM: String) -> [any Controller] {
        [
            ServiceAccountController(),
            RootCAPublisher(caPEM: caPEM),
            NamespaceController(),
            DeploymentController(),
            ReplicaSetController(),
            StatefulSetController(),
            DaemonSetController(),
            JobController(),
            EndpointsController(),
            EndpointSliceController(),
            GarbageCollector(),
        ]
    }

    /// The field manager of every kube-controller-manager write.
    static let manager = "kube-controller-manager"
}

/// One object a controller reconciles.
struct WorkloadKey: Hashable, Sendable {
    var namespace: String
    var name: String
}

/// client-go's work queue reduced to what a single-threaded engine needs: keys are deduplicated
/// and handled in the order they were first queued, and a failing key is retried with
/// exponential backoff (5 ms doubling, as the default rate limiter) a bounded number of times so
/// that a run always settles.
class WorkloadQueueController: Controller {
    let name: String
    private var queue: [WorkloadKey] = []
    private var queued: Set<WorkloadKey> = []
    private var retries: [WorkloadKey: (attempts: Int, due: Int64)] = [:]
    private var watches: [APIWatch] = []
    static let maxAttempts = 12

    init(name: String) { self.name = name }

    /// The resources whose changes are passed to `keys(for:)`, as (apiVersion, kind).
    var watchedKinds: [(String, String)] { [] }

    /// Also watch every resource (the namespace controller waits for any content to go).
    var watchesEverything: Bool { false }

    /// The keys to reconcile when `event` happens.
    func keys(for event: APIWatchEvent, api: APIServer) -> [WorkloadKey] { [] }

    /// The keys to reconcile at start (usually every primary object).
    func initialKeys(api: APIServer) async throws -> [WorkloadKey] { [] }

    /// Brings the cluster in line for one key; returns whether it wrote anything.
    func reconcile(_ key: WorkloadKey, api: APIServer) async throws -> Bool { false }

    func start(_ api: APIServer) async throws {
        for (apiVersion, kind) in watchedKinds {
            watches.append(api.watch(try api.resource(apiVersion: apiVersion, kind: kind)))
        }
        if watchesEverything { watches.append(api.watch(nil)) }
        for key in try await initialKeys(api: api) { enqueue(key) }
    }

    func enqueue(_ key: WorkloadKey) {
        if queued.insert(key).inserted { queue.append(key) }
    }

    func step(_ api: APIServer) async throws -> Bool {
        for watch in watches {
            for event in watch.drain() {
                for key in keys(for: event, api: api) { enqueue(key) }
            }
        }
        let now = api.clock.unixNanoseconds
        for (key, retry) in retries.sorted(by: { $0.value.due < $1.value.due }) where retry.due <= now {
            enqueue(key)
        }
        var didWork = false
        while !queue.isEmpty {
            let key = queue.removeFirst()
            queued.remove(key)
            do {
                if try await reconcile(key, api: api) { didWork = true }
                retries[key] = nil
            } catch {
                let attempts = (retries[key]?.attempts ?? 0) + 1
                if attempts >= Self.maxAttempts {
                    retries[key] = nil
                } else {
                    retries[key] = (attempts, now + 5_000_000 << Int64(attempts - 1))
                }
            }
        }
        return didWork
    }

    func nextWakeup() -> Int64? { retries.values.map(\.due).min() }

    func hasPendingWork() -> Bool { !retries.isEmpty }
}

/// Reading the parts of objects every controller needs.
enum WorkloadObject {
    static func name(_ o: JSONValue) -> String { o[path: ["metadata", "name"]]?.stringValue ?? "" }
    static func namespace(_ o: JSONValue) -> String { o[path: ["metadata", "namespace"]]?.stringValue ?? "" }
    static func uid(_ o: JSONValue) -> String { o[path: ["metadata", "uid"]]?.stringValue ?? "" }
    static func resourceVersion(_ o: JSONValue) -> String { o[path: ["metadata", "resourceVersion"]]?.stringValue ?? "" }
    static func key(_ o: JSONValue) -> WorkloadKey { WorkloadKey(namespace: namespace(o), name: name(o)) }
    static func isDeleting(_ o: JSONValue) -> Bool {
        if let t = o[path: ["metadata", "deletionTimestamp"]], t != .null { return true }
        return false
    }

    static func labels(_ o: JSONValue, at path: [String] = ["metadata", "labels"]) -> [String: String] {
        var out: [String: String] = [:]
        for m in o[path: path]?.members ?? [] { if let v = m.value.stringValue { out[m.key] = v } }
        return out
    }

    static func int(_ o: JSONValue, _ path: String...) -> Int64? { o[path: path]?.intValue }

    /// The ownerReference with controller: true.
    static func controllerUID(_ o: JSONValue) -> String? {
        for ref in o[path: ["metadata", "ownerReferences"]]?.elements ?? [] where ref["controller"]?.boolValue == true {
            return ref["uid"]?.stringValue
        }
        return nil
    }

    /// metav1.NewControllerRef: the owner as controller that blocks its own foreground deletion.
    static func controllerReference(to owner: JSONValue) -> JSONValue {
        .object([
            JSONMember("apiVersion", owner["apiVersion"] ?? .string("")),
            JSONMember("kind", owner["kind"] ?? .string("")),
            JSONMember("name", .string(name(owner))),
            JSONMember("uid", .string(uid(owner))),
            JSONMember("controller", .bool(true)),
            JSONMember("blockOwnerDeletion", .bool(true)),
        ])
    }

    static func labelsValue(_ labels: [String: String]) -> JSONValue {
        .object(labels.keys.sorted().map { JSONMember($0, .string(labels[$0] ?? "")) })
    }

    /// A LabelSelector (matchLabels and matchExpressions) against a label set. A null selector
    /// matches nothing, an empty one everything, as metav1.LabelSelectorAsSelector.
    static func selectorMatches(_ selector: JSONValue?, _ labels: [String: String]) -> Bool {
        guard let selector, selector != .null else { return false }
        for m in selector["matchLabels"]?.members ?? [] where labels[m.key] != m.value.stringValue { return false }
        for expression in selector["matchExpressions"]?.elements ?? [] {
            let key = expression["key"]?.stringValue ?? ""
            let values = (expression["values"]?.elements ?? []).compactMap(\.stringValue)
            switch expression["operator"]?.stringValue ?? "" {
            case "In": guard let v = labels[key], values.contains(v) else { return false }
            case "NotIn": if let v = labels[key], values.contains(v) { return false }
            case "Exists": if labels[key] == nil { return false }
            case "DoesNotExist": if labels[key] != nil { return false }
            default: return false
            }
        }
        return true
    }

    /// A Service's spec.selector (a plain map); empty or absent selects nothing.
    static func mapSelectorMatches(_ selector: [String: String], _ labels: [String: String]) -> Bool {
        !selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }
    }
}

/// Pod facts the controllers count by (k8s.io/kubernetes/pkg/api/v1/pod).
enum WorkloadPod {
    static func phase(_ pod: JSONValue) -> String { pod[path: ["status", "phase"]]?.stringValue ?? "" }

    /// Neither finished nor being deleted: controller.IsPodActive.
    static func isActive(_ pod: JSONValue) -> Bool {
        let phase = phase(pod)
        return phase != "Succeeded" && phase != "Failed" && !WorkloadObject.isDeleting(pod)
    }

    static func condition(_ pod: JSONValue, _ type: String) -> JSONValue? {
        guard case .array(let conditions)? = pod[path: ["status", "conditions"]] else { return nil }
        for condition in conditions where condition["type"]?.stringValue == type { return condition }
        return nil
    }

    static func isReady(_ pod: JSONValue) -> Bool { condition(pod, "Ready")?["status"]?.stringValue == "True" }

    /// Ready for at least minReadySeconds (podutil.IsPodAvailable).
    static func isAvailable(_ pod: JSONValue, minReadySeconds: Int64, now: Int64) -> Bool {
        PodFacts(pod).isAvailable(minReadySeconds: minReadySeconds, now: now)
    }

    /// The pod a controller creates from its template (controller.GetPodFromTemplate): the
    /// template's labels, annotations and finalizers, the controller's ownerReference, the
    /// template's spec.
    static func fromTemplate(_ template: JSONValue, owner: JSONValue, name: String? = nil, generateName: String? = nil,
                             extraLabels: [(String, String)] = [], extraAnnotations: [(String, String)] = [],
                             finalizers: [String] = []) -> JSONValue {
        var meta: [JSONMember] = []
        if let name { meta.append(JSONMember("name", .string(name))) }
        if let generateName { meta.append(JSONMember("generateName", .string(generateName))) }
        meta.append(JSONMember("namespace", .string(WorkloadObject.namespace(owner))))
        var labels = template[path: ["metadata", "labels"]]?.members ?? []
        for (k, v) in extraLabels {
            if let i = labels.firstIndex(where: { $0.key == k }) { labels[i].value = .string(v) } else { labels.append(JSONMember(k, .string(v))) }
        }
        if !labels.isEmpty { meta.append(JSONMember("labels", .object(labels))) }
        var annotations = template[path: ["metadata", "annotations"]]?.members ?? []
        for (k, v) in extraAnnotations { annotations.append(JSONMember(k, .string(v))) }
        if !annotations.isEmpty { meta.append(JSONMember("annotations", .object(annotations))) }
        meta.append(JSONMember("ownerReferences", .array([WorkloadObject.controllerReference(to: owner)])))
        let templateFinalizers = (template[path: ["metadata", "finalizers"]]?.elements ?? []).compactMap(\.stringValue)
        let allFinalizers = templateFinalizers + finalizers
        if !allFinalizers.isEmpty { meta.append(JSONMember("finalizers", .array(allFinalizers.map { .string($0) }))) }
        return .object([
            JSONMember("apiVersion", .string("v1")),
            JSONMember("kind", .string("Pod")),
            JSONMember("metadata", .object(meta)),
            JSONMember("spec", template["spec"] ?? .emptyObject),
        ])
    }
}

/// Condition lists kept the way the controllers' SetCondition helpers keep them: an unchanged
/// condition stays as it is; a changed one is removed and appended, keeping its
/// lastTransitionTime when only the reason or message changed.
enum WorkloadConditions {
    static func set(_ conditions: [JSONValue], type: String, status: String, reason: String, message: String, now: String,
                    withUpdateTime: Bool = false, withProbeTime: Bool = false) -> [JSONValue] {
        let existing = conditions.first { $0["type"]?.stringValue == type }
        if let existing, existing["status"]?.stringValue == status, existing["reason"]?.stringValue == reason,
           existing["message"]?.stringValue == message {
            return conditions
        }
        var transition = now
        if let existing, existing["status"]?.stringValue == status,
           let t = existing["lastTransitionTime"]?.stringValue { transition = t }
        var members = [JSONMember("type", .string(type)), JSONMember("status", .string(status))]
        if withProbeTime { members.append(JSONMember("lastProbeTime", .string(now))) }
        if withUpdateTime { members.append(JSONMember("lastUpdateTime", .string(now))) }
        members += [
            JSONMember("lastTransitionTime", .string(transition)),
            JSONMember("reason", .string(reason)),
            JSONMember("message", .string(message)),
        ]
        return conditions.filter { $0["type"]?.stringValue != type } + [.object(members)]
    }
}

/// An int-or-percent (intstr) against a total: percentages round up for surge and down for
/// unavailability (intstr.GetScaledValueFromIntOrPercent).
enum WorkloadIntOrPercent {
    static func scaled(_ value: JSONValue?, total: Int64, roundUp: Bool) -> Int64 {
        guard let value else { return 0 }
        if let n = value.intValue { return n }
        guard let text = value.stringValue else { return 0 }
        guard text.hasSuffix("%"), let percent = Int64(text.dropLast()) else { return Int64(text) ?? 0 }
        let product = percent * total
        return roundUp ? (product + 99) / 100 : product / 100
    }
}

extension APIServer {
    /// Lists and ignores a missing resource type (an engine built with a smaller resource table).
    func workloadList(_ apiVersion: String, _ kind: String, namespace: String? = nil) async throws -> [JSONValue] {
        try await cachedList(try resource(apiVersion: apiVersion, kind: kind), namespace: namespace)
    }

    /// The objects a controller owns (controller ownerReference with `uid`), from the informer index.
    func workloadOwned(_ apiVersion: String, _ kind: String, controllerUID uid: String) async throws -> [JSONValue] {
        try await cachedOwned(try resource(apiVersion: apiVersion, kind: kind), controllerUID: uid)
    }

    /// The pods a controller owns, with their facts, from the informer index.
    func workloadOwnedPods(controllerUID uid: String) async throws -> [(pod: JSONValue, facts: PodFacts)] {
        try await cachedOwnedPods(controllerUID: uid)
    }

    func workloadGet(_ apiVersion: String, _ kind: String, _ key: WorkloadKey) async throws -> JSONValue? {
        let resource = try resource(apiVersion: apiVersion, kind: kind)
        do {
            return try await get(resource, namespace: key.namespace, name: key.name)
        } catch where error.reason == .notFound {
            return nil
        }
    }

    /// A status write that reports whether it changed anything (a no-op update keeps the
    /// resourceVersion).
    func workloadUpdateStatus(_ object: JSONValue, status: JSONValue) async throws -> Bool {
        guard object["status"] != status else { return false }
        var updated = object
        updated.set(status, at: "status")
        let stored = try await update(updated, manager: WorkloadControllers.manager, subresource: "status")
        return stored[path: ["metadata", "resourceVersion"]] != object[path: ["metadata", "resourceVersion"]]
    }

    func workloadUpdate(_ object: JSONValue) async throws -> JSONValue {
        try await update(object, manager: WorkloadControllers.manager)
    }
}

/// A controller's event recorder. Events are best effort, as in client-go: a refused event (a
/// terminating namespace) is dropped. (Names stay unique within an engine instant: the API
/// server hands out distinct creation nanoseconds, so a burst does not move the clock.)
final class WorkloadEventRecorder {
    let recorder: EventRecorder

    init(component: String) {
        recorder = EventRecorder(component: component, manager: WorkloadControllers.manager)
    }

    func record(_ api: APIServer, about object: JSONValue, type: String = "Normal", reason: String, message: String) async {
        _ = try? await recorder.record(api, about: object, type: type, reason: reason, message: message)
    }
}
