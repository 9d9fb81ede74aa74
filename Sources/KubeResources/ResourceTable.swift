/// Finds resources by the names kubectl accepts: plural, singular, short name or kind,
/// optionally qualified by group (`deployments.apps`) or version and group (`deployments.v1.apps`).
public struct ResourceTable: Sendable {
    public let resources: [ResourceInfo]
    /// lower-cased name → indexes into `resources`, in preference order.
    private let byName: [String: [Int]]

    public static let builtin = ResourceTable(BuiltinResources.all)

    public init(_ resources: [ResourceInfo]) {
        self.resources = resources
        var index: [String: [Int]] = [:]
        // Non-legacy rows first so that `deploy` means apps, not extensions; otherwise table order
        // (core before events.k8s.io), as kubectl's discovery order prefers.
        let order = resources.indices.sorted { a, b in
            resources[a].legacy == resources[b].legacy ? a < b : !resources[a].legacy
        }
        for i in order {
            let r = resources[i]
            var names = [r.plural, r.singular, r.kind.lowercased()] + r.shortNames
            var seen = Set<String>()
            names = names.filter { seen.insert($0).inserted }
            for name in names { index[name, default: []].append(i) }
        }
        byName = index
    }

    /// The preferred resource for `name` (case-insensitive), restricted to `group` when given
    /// ("" = core group).
    public func lookup(_ name: String, group: String? = nil) -> ResourceInfo? {
        guard let candidates = byName[name.lowercased()] else { return nil }
        for i in candidates where group == nil || resources[i].group == group {
            return resources[i]
        }
        return nil
    }

    /// Every row that matches `name` in any group, preferred first.
    public func all(named name: String) -> [ResourceInfo] {
        (byName[name.lowercased()] ?? []).map { resources[$0] }
    }

    /// The resource stored under a key, if the key belongs to a known prefix (the longest
    /// matching prefix wins, so `services/endpoints/...` is not taken for `services/specs`).
    public func resource(forKey key: String, etcdPrefix: String = "/registry") -> ResourceInfo? {
        let base = etcdPrefix.hasSuffix("/") ? etcdPrefix : etcdPrefix + "/"
        guard key.hasPrefix(base) else { return nil }
        let rest = key.dropFirst(base.count)
        var best: ResourceInfo?
        for r in resources where !r.legacy && rest.hasPrefix(r.keyPrefix + "/") {
            if r.keyPrefix.count > (best?.keyPrefix.count ?? -1) { best = r }
        }
        return best
    }
}
