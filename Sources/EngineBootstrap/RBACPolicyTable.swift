import EngineKit
import GoJSON
import KubeCodec

/// Turns the compact RBAC table (RBACPolicyData) into rbac.authorization.k8s.io/v1 objects for one
/// release. The table is our own source text, so a malformed line is a programming error caught
/// by the tests, not user input; it is reported through `RBACPolicyTable.Failure`.
struct RBACPolicyTable {
    struct Failure: Error, CustomStringConvertible {
        var line: String
        var reason: String
        var description: String { "RBAC table: \(reason): \(line)" }
    }

    static let bootstrapLabel = "kubernetes.io/bootstrapping"
    static let autoupdateAnnotation = "rbac.authorization.kubernetes.io/autoupdate"
    static let controllerPrefix = "system:controller:"

    let version: KubeVersion

    /// A version guard such as `[>=1.34]`, `[<=1.35]` or `[1.34-1.35]` at the start of `line`;
    /// returns the rest of the line, or nil when the guard excludes this release.
    func applying(guardOf line: Substring) throws(Failure) -> Substring? {
        guard line.hasPrefix("[") else { return line }
        guard let close = line.firstIndex(of: "]") else { throw Failure(line: String(line), reason: "unclosed version guard") }
        let spec = line[line.index(after: line.startIndex)..<close]
        let rest = line[line.index(after: close)...].drop(while: { $0 == " " })
        func parse(_ text: Substring) throws(Failure) -> KubeVersion {
            guard let v = KubeVersion(String(text)) else { throw Failure(line: String(line), reason: "bad version") }
            return v
        }
        let included: Bool
        if spec.hasPrefix(">=") {
            included = version >= (try parse(spec.dropFirst(2)))
        } else if spec.hasPrefix("<=") {
            included = version <= (try parse(spec.dropFirst(2)))
        } else if let dash = spec.firstIndex(of: "-") {
            let low = try parse(spec[..<dash]), high = try parse(spec[spec.index(after: dash)...])
            included = version >= low && version <= high
        } else {
            throw Failure(line: String(line), reason: "bad version guard")
        }
        return included ? rest : nil
    }

    private static func list(_ text: Substring) -> [JSONValue] {
        text.split(separator: ",").map { item in
            let word = item.strippingSpaces()
            return .string(word == "core" ? "" : String(word))
        }
    }

    /// One `groups | resources | verbs [| names n]` or `url urls | verbs` line as a PolicyRule,
    /// members in the Go struct order of rbacv1.PolicyRule.
    func rule(_ line: Substring) throws(Failure) -> JSONValue {
        let parts = line.split(separator: "|").map { $0.strippingSpaces() }
        if parts.count == 2, parts[0].hasPrefix("url ") {
            return .object([
                JSONMember("verbs", .array(Self.list(parts[1]))),
                JSONMember("nonResourceURLs", .array(Self.list(parts[0].dropFirst(4)))),
            ])
        }
        guard parts.count == 3 || parts.count == 4 else { throw Failure(line: String(line), reason: "expected 3 or 4 fields") }
        var members = [JSONMember("verbs", .array(Self.list(parts[2]))),
                       JSONMember("apiGroups", .array(Self.list(parts[0]))),
                       JSONMember("resources", .array(Self.list(parts[1])))]
        if parts.count == 4 {
            guard parts[3].hasPrefix("names ") else { throw Failure(line: String(line), reason: "fourth field must be `names …`") }
            members.append(JSONMember("resourceNames", .array(Self.list(parts[3].dropFirst(6)))))
        }
        return .object(members)
    }

    static func metadata(name: String, namespace: String?, labels: [String]) -> JSONValue {
        var meta: [JSONMember] = [JSONMember("name", .string(name))]
        if let namespace { meta.append(JSONMember("namespace", .string(namespace))) }
        var labelMembers = [JSONMember(bootstrapLabel, .string("rbac-defaults"))]
        labelMembers += labels.map { JSONMember($0, .string("true")) }
        labelMembers.sort { $0.key < $1.key }
        meta.append(JSONMember("labels", .object(labelMembers)))
        meta.append(JSONMember("annotations", .object([JSONMember(autoupdateAnnotation, .string("true"))])))
        return .object(meta)
    }

    /// ClusterRoles (`clusterrole`) and Roles (`role`) in table order.
    func roles(_ text: String) throws(Failure) -> [JSONValue] {
        var out: [JSONValue] = []
        var current: (name: String, namespace: String?, labels: [String], aggregate: [String], rules: [JSONValue])?
        func flush() {
            guard let c = current else { return }
            var members = [
                JSONMember("apiVersion", .string("rbac.authorization.k8s.io/v1")),
                JSONMember("kind", .string(c.namespace == nil ? "ClusterRole" : "Role")),
                JSONMember("metadata", Self.metadata(name: c.name, namespace: c.namespace, labels: c.labels)),
            ]
            // Aggregated roles are created with no rules; the aggregation controller fills them.
            if !c.rules.isEmpty { members.append(JSONMember("rules", .array(c.rules))) }
            if !c.aggregate.isEmpty {
                let selectors = c.aggregate.map { key in
                    JSONValue.object([JSONMember("matchLabels", .object([JSONMember(key, .string("true"))]))])
                }
                members.append(JSONMember("aggregationRule", .object([JSONMember("clusterRoleSelectors", .array(selectors))])))
            }
            out.append(.object(members))
            current = nil
        }
        var skipping = false
        for raw in text.split(separator: "\n") {
            let isRule = raw.hasPrefix("  ")
            let trimmed = raw.drop(while: { $0 == " " })
            if trimmed.isEmpty { continue }
            if isRule {
                if skipping { continue }
                guard current != nil else { throw Failure(line: String(raw), reason: "rule outside a role") }
                guard let body = try applying(guardOf: trimmed) else { continue }
                current?.rules.append(try rule(body))
                continue
            }
            flush()
            guard let body = try applying(guardOf: trimmed) else { skipping = true; continue }
            skipping = false
            let words = body.split(separator: " ").map(String.init)
            var index: Int
            var namespace: String?
            let name: String
            if words.first == "clusterrole", words.count >= 2 {
                name = words[1]
                index = 2
            } else if words.first == "role", words.count >= 3 {
                namespace = words[1]
                name = words[2]
                index = 3
            } else {
                throw Failure(line: String(raw), reason: "expected `clusterrole` or `role`")
            }
            var labels: [String] = [], aggregate: [String] = []
            while index + 1 < words.count {
                switch words[index] {
                case "label": labels.append(words[index + 1])
                case "aggregate": aggregate.append(words[index + 1])
                default: throw Failure(line: String(raw), reason: "unknown option \(words[index])")
                }
                index += 2
            }
            guard index == words.count else { throw Failure(line: String(raw), reason: "dangling option") }
            current = (name, namespace, labels, aggregate, [])
        }
        flush()
        return out
    }

    static func subject(_ words: [Substring], line: Substring) throws(Failure) -> JSONValue {
        guard words.count == 3, words[0] == "subject" else { throw Failure(line: String(line), reason: "expected `subject <kind> <name>`") }
        switch words[1] {
        case "group", "user":
            return .object([
                JSONMember("kind", .string(words[1] == "group" ? "Group" : "User")),
                JSONMember("apiGroup", .string("rbac.authorization.k8s.io")),
                JSONMember("name", .string(String(words[2]))),
            ])
        case "sa":
            let parts = words[2].split(separator: "/")
            guard parts.count == 2 else { throw Failure(line: String(line), reason: "expected namespace/name") }
            return serviceAccount(namespace: String(parts[0]), name: String(parts[1]))
        default:
            throw Failure(line: String(line), reason: "unknown subject kind")
        }
    }

    static func serviceAccount(namespace: String, name: String) -> JSONValue {
        .object([
            JSONMember("kind", .string("ServiceAccount")),
            JSONMember("name", .string(name)),
            JSONMember("namespace", .string(namespace)),
        ])
    }

    static func binding(name: String, namespace: String?, roleKind: String, roleName: String, subjects: [JSONValue]) -> JSONValue {
        var members = [
            JSONMember("apiVersion", .string("rbac.authorization.k8s.io/v1")),
            JSONMember("kind", .string(namespace == nil ? "ClusterRoleBinding" : "RoleBinding")),
            JSONMember("metadata", metadata(name: name, namespace: namespace, labels: [])),
        ]
        if !subjects.isEmpty { members.append(JSONMember("subjects", .array(subjects))) }
        members.append(JSONMember("roleRef", .object([
            JSONMember("apiGroup", .string("rbac.authorization.k8s.io")),
            JSONMember("kind", .string(roleKind)),
            JSONMember("name", .string(roleName)),
        ])))
        return .object(members)
    }

    /// ClusterRoleBindings (`clusterbinding name role`) and RoleBindings (`binding ns name role`).
    func bindings(_ text: String) throws(Failure) -> [JSONValue] {
        var out: [JSONValue] = []
        var current: (name: String, namespace: String?, role: String, subjects: [JSONValue])?
        func flush() {
            guard let c = current else { return }
            out.append(Self.binding(name: c.name, namespace: c.namespace, roleKind: c.namespace == nil ? "ClusterRole" : "Role",
                                    roleName: c.role, subjects: c.subjects))
            current = nil
        }
        for raw in text.split(separator: "\n") {
            let trimmed = raw.drop(while: { $0 == " " })
            if trimmed.isEmpty { continue }
            let words = trimmed.split(separator: " ")
            if raw.hasPrefix("  ") {
                guard current != nil else { throw Failure(line: String(raw), reason: "subject outside a binding") }
                current?.subjects.append(try Self.subject(words, line: raw))
                continue
            }
            flush()
            if words.first == "clusterbinding", words.count == 3 {
                current = (String(words[1]), nil, String(words[2]), [])
            } else if words.first == "binding", words.count == 4 {
                current = (String(words[2]), String(words[1]), String(words[3]), [])
            } else {
                throw Failure(line: String(raw), reason: "expected `clusterbinding` or `binding`")
            }
        }
        flush()
        return out
    }

    /// The binding upstream's addControllerRole creates for every controller role.
    static func controllerBinding(for role: JSONValue) -> JSONValue? {
        guard let name = role[path: "metadata", "name"]?.stringValue, name.hasPrefix(controllerPrefix) else { return nil }
        let account = String(name.dropFirst(controllerPrefix.count))
        return binding(name: name, namespace: nil, roleKind: "ClusterRole", roleName: name,
                       subjects: [serviceAccount(namespace: "kube-system", name: account)])
    }
}

extension Substring {
    /// The text without leading and trailing spaces (the table uses no other whitespace).
    func strippingSpaces() -> Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
