import EngineAPI
import EngineKit
import GoJSON

/// Writes Events the way client-go's recorders do. The legacy recorder (controllers, kubelet)
/// fills source, first/lastTimestamp and count, and bumps count for a repeat of the same event
/// within ten minutes; the events.k8s.io recorder (scheduler) fills eventTime, action and the
/// reporting fields instead. Both name the event `<object>.<hex of its creation time in ns>`,
/// and events about cluster-scoped objects go to `default`.
public final class EventRecorder {
    public let component: String
    /// source.host (kubelet: the node name); "" for controllers.
    public let host: String
    /// The field manager recorded for the writes.
    public let manager: String
    /// Set for the events.k8s.io recorder: the reporting instance (`default-scheduler-<host>`).
    public let reportingInstance: String?

    private struct Key: Hashable {
        var uid: String, reason: String, message: String, fieldPath: String
    }
    private var seen: [Key: (name: String, namespace: String, count: Int64, at: Int64)] = [:]

    public init(component: String, host: String = "", manager: String, reportingInstance: String? = nil) {
        self.component = component
        self.host = host
        self.manager = manager
        self.reportingInstance = reportingInstance
    }

    /// A reference to `object` as an event's involvedObject / regarding.
    public static func reference(to object: JSONValue, fieldPath: String? = nil) -> JSONValue {
        var members: [JSONMember] = []
        if let kind = object["kind"]?.stringValue { members.append(JSONMember("kind", .string(kind))) }
        if let ns = object[path: ["metadata", "namespace"]]?.stringValue, !ns.isEmpty { members.append(JSONMember("namespace", .string(ns))) }
        members.append(JSONMember("name", object[path: ["metadata", "name"]] ?? .string("")))
        if let uid = object[path: ["metadata", "uid"]] { members.append(JSONMember("uid", uid)) }
        if let v = object["apiVersion"] { members.append(JSONMember("apiVersion", v)) }
        if let rv = object[path: ["metadata", "resourceVersion"]] { members.append(JSONMember("resourceVersion", rv)) }
        if let fieldPath { members.append(JSONMember("fieldPath", .string(fieldPath))) }
        return .object(members)
    }

    @discardableResult
    public func record(_ api: APIServer, about object: JSONValue, type: String = "Normal", reason: String, message: String,
                       fieldPath: String? = nil, action: String? = nil) async throws -> JSONValue {
        let now = api.clock.unixNanoseconds
        let reference = Self.reference(to: object, fieldPath: fieldPath)
        let objectNamespace = object[path: ["metadata", "namespace"]]?.stringValue ?? ""
        let namespace = objectNamespace.isEmpty ? "default" : objectNamespace
        let objectName = object[path: ["metadata", "name"]]?.stringValue ?? ""
        let key = Key(uid: object[path: ["metadata", "uid"]]?.stringValue ?? objectName, reason: reason, message: message,
                      fieldPath: fieldPath ?? "")
        let eventResource = try api.resource(apiVersion: "v1", kind: "Event")
        if reportingInstance == nil, let previous = seen[key], now - previous.at < 600 * 1_000_000_000 {
            let count = previous.count + 1
            seen[key] = (previous.name, previous.namespace, count, now)
            let patch = JSONValue.object([
                JSONMember("count", .int(count)),
                JSONMember("lastTimestamp", .string(RFC3339.seconds(now))),
            ])
            if let updated = try? await api.patch(eventResource, namespace: previous.namespace, name: previous.name,
                                                  mergePatch: patch, manager: manager) {
                return updated
            }
        }
        let name = objectName + "." + String(UInt64(bitPattern: api.eventNameTimestamp()), radix: 16)
        var members: [JSONMember] = [
            JSONMember("apiVersion", .string("v1")),
            JSONMember("kind", .string("Event")),
            JSONMember("metadata", .object([JSONMember("name", .string(name)), JSONMember("namespace", .string(namespace))])),
            JSONMember("involvedObject", reference),
            JSONMember("reason", .string(reason)),
            JSONMember("message", .string(message)),
        ]
        if let reportingInstance {
            members += [
                JSONMember("source", .object([])),
                JSONMember("firstTimestamp", .null),
                JSONMember("lastTimestamp", .null),
                JSONMember("type", .string(type)),
                JSONMember("eventTime", .string(RFC3339.micros(now))),
                JSONMember("action", .string(action ?? "")),
                JSONMember("reportingComponent", .string(component)),
                JSONMember("reportingInstance", .string(reportingInstance)),
            ]
        } else {
            var source: [JSONMember] = [JSONMember("component", .string(component))]
            if !host.isEmpty { source.append(JSONMember("host", .string(host))) }
            members += [
                JSONMember("source", .object(source)),
                JSONMember("firstTimestamp", .string(RFC3339.seconds(now))),
                JSONMember("lastTimestamp", .string(RFC3339.seconds(now))),
                JSONMember("count", .int(1)),
                JSONMember("type", .string(type)),
                JSONMember("eventTime", .null),
                JSONMember("reportingComponent", .string(component)),
                JSONMember("reportingInstance", .string(host)),
            ]
            seen[key] = (name, namespace, 1, now)
        }
        return try await api.create(.object(members), manager: manager)
    }
}
