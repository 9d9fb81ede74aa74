/// The tag of a container image reference, as the kubelet's image-name parser (docker
/// reference grammar) reads it for the imagePullPolicy default.
enum ImageReference {
    /// The tag: the explicit one, "latest" when there is neither tag nor digest, "" when the
    /// reference does not parse or has only a digest.
    static func tag(of image: String) -> String {
        guard !image.isEmpty else { return "" }
        var rest = Substring(image)
        var hasDigest = false
        if let at = rest.firstIndex(of: "@") {
            let digest = rest[rest.index(after: at)...]
            guard isDigest(digest) else { return "" }
            hasDigest = true
            rest = rest[..<at]
        }
        var tag = ""
        let lastSlash = rest.lastIndex(of: "/")
        let nameStart = lastSlash.map { rest.index(after: $0) } ?? rest.startIndex
        if let colon = rest[nameStart...].lastIndex(of: ":") {
            tag = String(rest[rest.index(after: colon)...])
            guard isTag(tag) else { return "" }
            rest = rest[..<colon]
        }
        guard isRepository(rest) else { return "" }
        if tag.isEmpty && !hasDigest { return "latest" }
        return tag
    }

    private static func isTag(_ s: String) -> Bool {
        guard let first = s.utf8.first, s.utf8.count <= 128, isWord(first) else { return false }
        return s.utf8.allSatisfy { isWord($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    private static func isWord(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == UInt8(ascii: "_")
    }

    private static func isDigest(_ s: Substring) -> Bool {
        guard let colon = s.firstIndex(of: ":") else { return false }
        let algorithm = s[..<colon], hex = s[s.index(after: colon)...]
        return !algorithm.isEmpty && hex.count >= 32 && hex.utf8.allSatisfy { isWord($0) || $0 == UInt8(ascii: "=") }
    }

    /// `[domain/]path`: path components are lower-case alphanumerics joined by `.`, `_`, `__` or `-`.
    private static func isRepository(_ s: Substring) -> Bool {
        var parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.isEmpty else { return false }
        if parts.count > 1, let first = parts.first,
           first.contains(".") || first.contains(":") || first == "localhost" || first.contains(where: \.isUppercase) {
            parts.removeFirst()  // a registry host; its own grammar is looser
        }
        for part in parts {
            guard let f = part.utf8.first, let l = part.utf8.last, isLowerAlnum(f), isLowerAlnum(l) else { return false }
            guard part.utf8.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") })
            else { return false }
        }
        return true
    }

    private static func isLowerAlnum(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) }
}
