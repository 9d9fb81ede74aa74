import GoJSON

/// One metadata.managedFields entry.
struct ManagedFieldsEntry {
    var manager: String
    var operation: String
    var apiVersion: String
    var time: String
    var subresource: String
    /// The fields, parsed from `fieldsV1` only when an update touches this entry: most writes
    /// leave every other manager's fields alone.
    private var parsed: FieldSet?
    private var fieldsV1: JSONValue
    /// The entry as read from the object, reused while nothing in it changes: re-rendering every
    /// other manager's fields on each update is most of an update's cost.
    var original: JSONValue?

    init(manager: String, operation: String = "Update", apiVersion: String, time: String, subresource: String = "",
         fields: FieldSet) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.subresource = subresource
        self.parsed = fields
        self.fieldsV1 = .null
    }

    /// A new entry whose FieldsV1 is already rendered (a create records all it sets).
    init(manager: String, apiVersion: String, time: String, fieldsV1: JSONValue) {
        self.manager = manager
        self.operation = "Update"
        self.apiVersion = apiVersion
        self.time = time
        self.subresource = ""
        self.fieldsV1 = fieldsV1
    }

    init?(_ value: JSONValue) {
        guard let manager = value["manager"]?.stringValue else { return nil }
        self.manager = manager
        operation = value["operation"]?.stringValue ?? "Update"
        apiVersion = value["apiVersion"]?.stringValue ?? ""
        time = value["time"]?.stringValue ?? ""
        subresource = value["subresource"]?.stringValue ?? ""
        fieldsV1 = value["fieldsV1"] ?? .object([])
        original = value
    }

    var fields: FieldSet {
        mutating get {
            if let parsed { return parsed }
            let set = FieldSet(fieldsV1: fieldsV1)
            parsed = set
            return set
        }
        set { parsed = newValue }
    }

    /// Whether the set holds no path, answered from the unparsed form when possible.
    var isEmpty: Bool {
        if let parsed { return parsed.isEmpty }
        return !FieldSet.hasAnyPath(fieldsV1)
    }

    /// Whether any of `paths` is in the set (the answer parsing would give, without parsing).
    func containsAny(of paths: Set<FieldPath>) -> Bool {
        if let parsed { return !parsed.paths.isDisjoint(with: paths) }
        return paths.contains { FieldSet.contains($0, in: fieldsV1) }
    }

    /// Whether every one of `paths` is in the set (the answer parsing would give, without parsing).
    func containsAll(of paths: Set<FieldPath>) -> Bool {
        if let parsed { return paths.isSubset(of: parsed.paths) }
        return paths.allSatisfy { FieldSet.contains($0, in: fieldsV1) }
    }

    /// Drops the parsed set when it holds exactly what the FieldsV1 as read holds, so that the
    /// entry is written with that FieldsV1 instead of rendering the same set again (a status
    /// writer usually sets fields it already owns).
    mutating func keepFieldsAsRead() {
        if fieldsV1 != .null { parsed = nil }
    }

    var json: JSONValue {
        if let original { return original }
        var members = [
            JSONMember("manager", .string(manager)),
            JSONMember("operation", .string(operation)),
            JSONMember("apiVersion", .string(apiVersion)),
        ]
        if !time.isEmpty { members.append(JSONMember("time", .string(time))) }
        members.append(JSONMember("fieldsType", .string("FieldsV1")))
        // Unparsed, the FieldsV1 is as it was read or rendered: nothing changed it.
        members.append(JSONMember("fieldsV1", parsed?.fieldsV1 ?? fieldsV1))
        if !subresource.isEmpty { members.append(JSONMember("subresource", .string(subresource))) }
        return .object(members)
    }
}

/// Keeps metadata.managedFields the way kube-apiserver's field manager does for Update
/// operations: the writer owns what it changed, others lose what it changed or removed, empty
/// entries disappear, and a write that changes nothing leaves the entries (and their times) alone.
struct ManagedFieldsTracker {
    static func entries(of object: JSONValue) -> [ManagedFieldsEntry] {
        (object[path: ["metadata", "managedFields"]]?.elements ?? []).compactMap(ManagedFieldsEntry.init)
    }

    static func update(entries: [ManagedFieldsEntry], changes: FieldChanges, manager: String,
                       subresource: String, apiVersion: String, time: String) -> [ManagedFieldsEntry] {
        let changed = changes.changed, removed = changes.removed
        guard !changes.isEmpty else { return entries }
        var result: [ManagedFieldsEntry] = []
        var found = false
        for var entry in entries {
            let own = entry.manager == manager && entry.operation == "Update" && entry.subresource == subresource
            if !own, !entry.containsAny(of: removed), !entry.containsAny(of: changed) {
                // Untouched: kept as read, unless it was empty all along.
                if !entry.isEmpty { result.append(entry) }
                continue
            }
            if own, !changed.isEmpty, !entry.containsAny(of: removed), entry.containsAll(of: changed) {
                // The writer set only fields it owns: the same set, with a new time.
                found = true
                entry.keepFieldsAsRead()
                entry.time = time
                entry.apiVersion = apiVersion
                entry.original = nil
                if !entry.isEmpty { result.append(entry) }
                continue
            }
            let before = entry.fields.paths.count
            entry.fields = entry.fields.subtracting(removed)
            if own {
                found = true
                if !changed.isEmpty {
                    entry.fields = entry.fields.union(FieldSet(changed))
                    entry.time = time
                    entry.apiVersion = apiVersion
                    entry.original = nil
                } else if entry.fields.paths.count != before {
                    entry.original = nil
                }
                if !entry.isEmpty { result.append(entry) }
                continue
            }
            entry.fields = entry.fields.subtracting(changed)
            if entry.fields.paths.count != before { entry.original = nil }
            if !entry.fields.isEmpty { result.append(entry) }
        }
        if !found, !changed.isEmpty {
            result.append(ManagedFieldsEntry(manager: manager, apiVersion: apiVersion, time: time, subresource: subresource,
                                             fields: FieldSet(changed)))
        }
        return sorted(result)
    }

    /// The order the field manager encodes entries in: Apply before Update, then by time,
    /// manager, subresource and apiVersion.
    static func sorted(_ entries: [ManagedFieldsEntry]) -> [ManagedFieldsEntry] {
        entries.sorted { p, q in
            if p.operation != q.operation { return p.operation < q.operation }
            if p.time != q.time { return p.time < q.time }
            if p.manager != q.manager { return p.manager < q.manager }
            if p.subresource != q.subresource { return p.subresource < q.subresource }
            return p.apiVersion < q.apiVersion
        }
    }
}
