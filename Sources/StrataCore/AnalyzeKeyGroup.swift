/// The resource a key belongs to, from its path alone: `/registry/<resource>/...` or, for API
/// groups, `/registry/<group>/<resource>/...`. Keys outside the prefix group by their first
/// path segment; keys without one form their own group.
public enum AnalyzeKeyGroup {
    public static func group(of key: UnsafeRawBufferPointer, etcdPrefix: String = "/registry") -> String {
        let text = String(decoding: key, as: UTF8.self)
        let prefix = etcdPrefix.hasSuffix("/") ? etcdPrefix : etcdPrefix + "/"
        if text.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
            guard let first = rest.first, !first.isEmpty else { return etcdPrefix }
            if first.contains("."), rest.count >= 3 { return prefix + first + "/" + rest[1] }
            return prefix + first
        }
        if text.hasPrefix("/") {
            let first = text.dropFirst().split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return "/" + first
        }
        return "(no path)"
    }
}
