import GoJSON
import KubeSchema

/// Computes which fields an object sets, the way kube-apiserver's field manager records them in
/// managedFields. The Go type facts (pointer, omitempty) come from the codec's schema; how lists
/// merge (keyed, set or atomic) comes from the table below, which mirrors the
/// `+listType`/`+listMapKey` markers of the API types the engine writes.
struct FieldSetBuilder: Sendable {
    let schema: Schema
    /// Per schema type, its fields by JSON name, inline members flattened in: built once, as
    /// every write looks up each member of the object.
    private let fieldsByName: [[String: Field]]

    init(schema: Schema = .builtIn) {
        self.schema = schema
        var tables: [[String: Field]] = []
        tables.reserveCapacity(schema.types.count)
        func collect(_ type: Int32, into table: inout [String: Field], depth: Int) {
            guard depth < 8 else { return }
            for f in schema.types[Int(type)].fields {
                if f.isInline {
                    if case .message(let inner) = f.element { collect(inner, into: &table, depth: depth + 1) }
                } else if table[f.jsonName] == nil {
                    table[f.jsonName] = f
                }
            }
        }
        for index in schema.types.indices {
            var table: [String: Field] = [:]
            // Own fields first: they win over an inline member of the same name, as the linear
            // search this replaces did.
            for f in schema.types[index].fields where !f.isInline { table[f.jsonName] = f }
            collect(Int32(index), into: &table, depth: 0)
            tables.append(table)
        }
        fieldsByName = tables
    }

    enum ListKind { case atomic, set, keyed([String]) }

    /// Lists that merge per item. Every other list is atomic (SMD's default without a marker).
    static func listKind(field: String, item: JSONValue) -> ListKind {
        switch field {
        case "containers", "initContainers", "ephemeralContainers", "volumes", "env", "imagePullSecrets",
             "resourceClaims", "schedulingGates":
            return .keyed(["name"])
        case "volumeMounts": return .keyed(["mountPath"])
        case "volumeDevices": return .keyed(["devicePath"])
        case "ports":
            if item["containerPort"] != nil { return .keyed(["containerPort", "protocol"]) }
            if item["port"] != nil, item["name"] == nil || item["targetPort"] != nil || item["nodePort"] != nil {
                return .keyed(["port", "protocol"])
            }
            return .atomic
        case "conditions": return item["type"] != nil ? .keyed(["type"]) : .atomic
        case "ownerReferences": return .keyed(["uid"])
        case "finalizers": return .set
        case "podIPs", "hostIPs": return .keyed(["ip"])
        case "hostAliases": return .keyed(["ip"])
        case "topologySpreadConstraints": return .keyed(["topologyKey", "whenUnsatisfiable"])
        case "addresses": return item["type"] != nil && item["address"] != nil ? .keyed(["type"]) : .atomic
        default: return .atomic
        }
    }

    /// Struct types that are replaced as a whole (`+structType=atomic`).
    static let atomicStructs: Set<String> = ["LabelSelector", "NodeSelector", "ObjectReference", "RoleRef"]

    /// Metadata the field manager never records.
    static let ignoredMetadata: Set<String> = [
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields",
        "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds",
    ]

    /// The fields of `object` (a top-level object of schema type `type`), optionally only those
    /// under the top-level members `only` or except those in `excluding`.
    func fieldValues(of object: JSONValue, type: Int32, only: Set<String>? = nil, excluding: Set<String> = []) -> FieldValues {
        var out = FieldValues()
        guard case .object(let members) = object else { return out }
        for m in members where m.key != "apiVersion" && m.key != "kind" && !excluding.contains(m.key) {
            if let only, !only.contains(m.key) { continue }
            guard let field = field(named: m.key, in: type) else { continue }
            var value = m.value
            if m.key == "metadata", case .object(let meta) = value {
                value = .object(meta.filter { !Self.ignoredMetadata.contains($0.key) })
                if case .object(let rest) = value, rest.isEmpty { continue }
            }
            add(field: field, name: m.key, value: value, path: .root, into: &out)
        }
        return out
    }

    /// The paths an update changes and removes, as comparing `fieldValues` of both versions
    /// gives them, without flattening what the two versions have in common: equal members are
    /// skipped whole and structs present in both are compared member by member, so a status
    /// write costs what it changes rather than what the object holds.
    func changes(from old: JSONValue, to new: JSONValue, type: Int32, only: Set<String>? = nil,
                 excluding: Set<String> = []) -> FieldChanges {
        var out = FieldChanges()
        guard let a = topLevelMembers(old, type: type, only: only, excluding: excluding),
              let b = topLevelMembers(new, type: type, only: only, excluding: excluding) else {
            out.add(from: fieldValues(of: old, type: type, only: only, excluding: excluding),
                    to: fieldValues(of: new, type: type, only: only, excluding: excluding))
            return out
        }
        diffStruct(a, b, type: type, path: .root, into: &out)
        return out
    }

    /// The members `fieldValues` looks at, metadata already filtered; nil when a name repeats
    /// (the flattened comparison decides those).
    private func topLevelMembers(_ object: JSONValue, type: Int32, only: Set<String>?, excluding: Set<String>) -> [JSONMember]? {
        guard case .object(let members) = object else { return [] }
        var kept: [JSONMember] = []
        kept.reserveCapacity(members.count)
        for m in members where m.key != "apiVersion" && m.key != "kind" && !excluding.contains(m.key) {
            if let only, !only.contains(m.key) { continue }
            guard field(named: m.key, in: type) != nil else { continue }
            if m.key == "metadata", case .object(let meta) = m.value {
                let rest = meta.filter { !Self.ignoredMetadata.contains($0.key) }
                if rest.isEmpty { continue }
                kept.append(JSONMember(m.key, .object(rest)))
            } else {
                kept.append(m)
            }
        }
        return Self.hasRepeatedKeys(kept) ? nil : kept
    }

    /// Compares the members of one struct in two versions (neither repeats a name).
    private func diffStruct(_ a: [JSONMember], _ b: [JSONMember], type: Int32, path: FieldPath, into out: inout FieldChanges) {
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: b.count) { matched in
            matched.initialize(repeating: false)
            var cursor = 0
            for m in a {
                // Both versions usually list members in the same order: look from the last match.
                var found = -1
                for i in cursor..<b.count where b[i].key == m.key { found = i; break }
                if found < 0 { for i in 0..<min(cursor, b.count) where b[i].key == m.key { found = i; break } }
                if found >= 0 {
                    matched[found] = true
                    cursor = found + 1
                    diffMember(m.key, type: type, old: m.value, new: b[found].value, path: path, into: &out)
                } else {
                    diffMember(m.key, type: type, old: m.value, new: nil, path: path, into: &out)
                }
            }
            for i in 0..<b.count where !matched[i] {
                diffMember(b[i].key, type: type, old: nil, new: b[i].value, path: path, into: &out)
            }
        }
    }

    private func diffMember(_ name: String, type: Int32, old: JSONValue?, new: JSONValue?, path: FieldPath,
                            into out: inout FieldChanges) {
        if let old, let new, old == new { return }
        guard let f = field(named: name, in: type) else {
            // A member the schema does not know is one leaf, as addStruct records it.
            let here = path.appending("f:", name)
            if new != nil { out.changed.insert(here) } else { out.removed.insert(here) }
            return
        }
        let old = old.flatMap { Self.isOmitted(f, $0) ? nil : $0 }
        let new = new.flatMap { Self.isOmitted(f, $0) ? nil : $0 }
        if old == nil, new == nil { return }
        if let old, let new, f.cardinality == .single, case .message(let t) = f.element, !isAtomicStruct(t),
           case .object(let om) = old, !om.isEmpty, case .object(let nm) = new, !nm.isEmpty,
           !Self.hasRepeatedKeys(om), !Self.hasRepeatedKeys(nm) {
            // A struct in both versions: its own node (if a pointer) is in both, so only its
            // members can differ.
            diffStruct(om, nm, type: t, path: path.appending("f:", name), into: &out)
            return
        }
        if let old, let new, f.cardinality == .list, case .message(let t) = f.element,
           diffKeyedList(name, old, new, elementType: t, path: path.appending("f:", name), into: &out) {
            return
        }
        var a = FieldValues(), b = FieldValues()
        if let old { add(field: f, name: name, value: old, path: path, into: &a) }
        if let new { add(field: f, name: name, value: new, path: path, into: &b) }
        out.add(from: a, to: b)
    }

    /// A keyed list (conditions, containers, ports) whose items keep their keys and places: the
    /// list's node and every item's node are in both versions, so only the members of the items
    /// that changed can differ, and those are compared as structs. False, with nothing recorded,
    /// when the lists do not pair up that way (the flattened comparison decides those).
    private func diffKeyedList(_ name: String, _ old: JSONValue, _ new: JSONValue, elementType: Int32, path: FieldPath,
                               into out: inout FieldChanges) -> Bool {
        guard case .array(let a) = old, case .array(let b) = new, !a.isEmpty, a.count == b.count,
              case .keyed(let keys) = Self.listKind(field: name, item: a[0]),
              case .keyed(let newKeys) = Self.listKind(field: name, item: b[0]), keys == newKeys else { return false }
        let sortedKeys = keys.sorted()
        func itemPath(_ item: JSONValue) -> FieldPath {
            var keyMembers: [JSONMember] = []
            for k in sortedKeys {
                if let v = item[k] { keyMembers.append(JSONMember(k, v)) }
            }
            return path.appending("k:", compactJSON(.object(keyMembers)))
        }
        var paths: [FieldPath] = []
        paths.reserveCapacity(a.count)
        for (x, y) in zip(a, b) {
            guard case .object(let xm) = x, case .object(let ym) = y,
                  !Self.hasRepeatedKeys(xm), !Self.hasRepeatedKeys(ym) else { return false }
            let here = itemPath(x)
            guard here == itemPath(y), !paths.contains(here) else { return false }
            paths.append(here)
        }
        for i in a.indices where a[i] != b[i] {
            guard case .object(let xm) = a[i], case .object(let ym) = b[i] else { continue }
            diffStruct(xm, ym, type: elementType, path: paths[i], into: &out)
        }
        return true
    }

    static func hasRepeatedKeys(_ members: [JSONMember]) -> Bool {
        guard members.count > 1 else { return false }
        if members.count <= 16 {
            for i in 1..<members.count {
                for j in 0..<i where members[i].key == members[j].key { return true }
            }
            return false
        }
        var seen = Set<String>(minimumCapacity: members.count)
        for m in members where !seen.insert(m.key).inserted { return true }
        return false
    }

    func field(named name: String, in type: Int32) -> Field? {
        fieldsByName[Int(type)][name]
    }

    /// A member the stored object will not have: encoding/json leaves out an omitempty field's
    /// zero value (empty string, 0, false, nil, empty slice or map), so nobody owns it, as the
    /// apiserver's field manager, which works on the typed object, sees it.
    static func isOmitted(_ f: Field, _ value: JSONValue) -> Bool {
        guard f.omitEmpty else { return false }
        if case .null = value {
            guard f.cardinality == .single, !f.isPointer, !f.isWrapped else { return true }
            switch f.element {
            case .string, .bytes, .int32, .int64, .float64, .bool: return true
            default: return false  // a struct decodes from null to its zero value and is printed
            }
        }
        switch f.cardinality {
        case .list:
            if case .array(let items) = value { return items.isEmpty }
        case .map:
            if case .object(let entries) = value { return entries.isEmpty }
        case .single:
            guard !f.isPointer, !f.isWrapped else { return false }
            switch (f.element, value) {
            case (.string, .string(let s)), (.bytes, .string(let s)): return s.isEmpty
            case (.int32, .number(let n)), (.int64, .number(let n)), (.float64, .number(let n)): return Double(n) == 0
            case (.bool, .bool(let b)): return !b
            default: return false
            }
        }
        return false
    }

    private func add(field: Field, name: String, value: JSONValue, path: FieldPath, into out: inout FieldValues) {
        if Self.isOmitted(field, value) { return }
        let here = path.appending("f:", name)
        if value == .null {
            out.leaves[here] = value
            return
        }
        switch field.cardinality {
        case .list:
            guard case .array(let items) = value, !items.isEmpty else {
                out.leaves[here] = value
                return
            }
            switch Self.listKind(field: name, item: items[0]) {
            case .atomic:
                out.leaves[here] = value
            case .set:
                if field.omitEmpty || field.isPointer { out.nodes.insert(here) }
                for item in items { out.leaves[here.appending("v:", compactJSON(item))] = item }
            case .keyed(let keys):
                if field.omitEmpty || field.isPointer { out.nodes.insert(here) }
                for item in items {
                    var keyMembers: [JSONMember] = []
                    for k in keys.sorted() {
                        if let v = item[k] { keyMembers.append(JSONMember(k, v)) }
                    }
                    let itemPath = here.appending("k:", compactJSON(.object(keyMembers)))
                    out.nodes.insert(itemPath)
                    if case .message(let t) = field.element, case .object = item {
                        addStruct(item, type: t, path: itemPath, into: &out)
                    }
                }
            }
        case .map:
            guard case .object(let entries) = value, !entries.isEmpty else {
                out.leaves[here] = value
                return
            }
            out.nodes.insert(here)
            for entry in entries {
                let entryPath = here.appending("f:", entry.key)
                if case .message(let t) = field.element, case .object(let inner) = entry.value, !inner.isEmpty {
                    out.nodes.insert(entryPath)
                    addStruct(entry.value, type: t, path: entryPath, into: &out)
                } else {
                    out.leaves[entryPath] = entry.value
                }
            }
        case .single:
            guard case .message(let t) = field.element, case .object(let inner) = value, !inner.isEmpty,
                  !isAtomicStruct(t) else {
                out.leaves[here] = value
                return
            }
            // A struct that could be absent (a pointer) is a member itself; a plain struct is
            // always there in Go, so only its fields count.
            if field.isPointer { out.nodes.insert(here) }
            addStruct(value, type: t, path: here, into: &out)
        }
    }

    private func addStruct(_ value: JSONValue, type: Int32, path: FieldPath, into out: inout FieldValues) {
        guard case .object(let members) = value else { return }
        for m in members {
            guard let f = field(named: m.key, in: type) else {
                out.leaves[path.appending("f:", m.key)] = m.value
                continue
            }
            add(field: f, name: m.key, value: m.value, path: path, into: &out)
        }
    }

    func isAtomicStruct(_ type: Int32) -> Bool {
        let name = schema.types[Int(type)].name
        guard let dot = name.lastIndex(of: ".") else { return false }
        return Self.atomicStructs.contains(String(name[name.index(after: dot)...]))
    }

    private func compactJSON(_ value: JSONValue) -> String {
        JSONWriter.compactString(value)
    }
}
