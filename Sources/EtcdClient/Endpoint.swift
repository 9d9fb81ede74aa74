/// One etcd client URL, parsed once. `display` is "host:port", as used in error messages.
struct Endpoint: Sendable, Equatable {
    var host: String
    var port: Int
    var tls: Bool

    var display: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    var isIPv4Literal: Bool { Self.parseIPv4(host) != nil }
    var isIPv6Literal: Bool { host.contains(":") }

    /// Accepts "http://h:p", "https://h:p", "h:p", "h" (port 2379) and "[v6]:p". A trailing path is ignored.
    static func parse(_ text: String, defaultTLS: Bool) throws(EtcdError) -> Endpoint {
        var rest = Substring(text.trimmingSpaces)
        var tls = defaultTLS
        if let schemeEnd = rest.range(of: "://") {
            switch rest[..<schemeEnd.lowerBound].lowercased() {
            case "http": tls = false
            case "https": tls = true
            default: throw EtcdError(.invalidArgument, "unsupported endpoint scheme in \"\(text)\" (use http:// or https://)")
            }
            rest = rest[schemeEnd.upperBound...]
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        guard !rest.isEmpty else { throw EtcdError(.invalidArgument, "empty endpoint \"\(text)\"") }
        var host: Substring
        var portText: Substring?
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { throw EtcdError(.invalidArgument, "bad IPv6 endpoint \"\(text)\"") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.first == ":" { portText = after.dropFirst() } else if !after.isEmpty {
                throw EtcdError(.invalidArgument, "bad endpoint \"\(text)\"")
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        var port = 2379
        if let portText {
            guard let p = Int(portText), (1...65535).contains(p) else {
                throw EtcdError(.invalidArgument, "bad port in endpoint \"\(text)\"")
            }
            port = p
        }
        guard !host.isEmpty else { throw EtcdError(.invalidArgument, "missing host in endpoint \"\(text)\"") }
        return Endpoint(host: String(host), port: port, tls: tls)
    }

    static func parseIPv4(_ s: String) -> [UInt8]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 3, let v = UInt8(p) else { return nil }
            out.append(v)
        }
        return out
    }
}
