/// Which wire protocol the client speaks to etcd's client port.
public enum EtcdTransportKind: String, Sendable, CaseIterable {
    /// gRPC over HTTP/2 (what etcdctl uses).
    case grpc
    /// The HTTP/1.1 JSON gateway (`POST /v3/kv/range` ...), for proxies that only pass HTTP/1.1.
    case http
}

/// How to reach etcd. Mirrors etcdctl's flags and `ETCDCTL_*` variables so users can reuse them.
public struct EtcdClientConfig: Sendable, Equatable {
    /// "http://127.0.0.1:2379", "https://host:2379", or "127.0.0.1:2379" (scheme from the TLS options).
    public var endpoints: [String]
    public var caCertPath: String?
    public var certPath: String?
    public var keyPath: String?
    public var insecureSkipTLSVerify: Bool
    /// "alice" (with `password`) or "alice:secret".
    public var user: String?
    public var password: String?
    public var dialTimeout: Duration
    public var commandTimeout: Duration
    public var transport: EtcdTransportKind

    public init(endpoints: [String] = ["127.0.0.1:2379"], caCertPath: String? = nil, certPath: String? = nil,
                keyPath: String? = nil, insecureSkipTLSVerify: Bool = false, user: String? = nil,
                password: String? = nil, dialTimeout: Duration = .seconds(2), commandTimeout: Duration = .seconds(5),
                transport: EtcdTransportKind = .grpc) {
        self.endpoints = endpoints
        self.caCertPath = caCertPath
        self.certPath = certPath
        self.keyPath = keyPath
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.user = user
        self.password = password
        self.dialTimeout = dialTimeout
        self.commandTimeout = commandTimeout
        self.transport = transport
    }

    /// Reads etcdctl's environment variables. Command-line flags should be applied on top of the
    /// result, so flags win over the environment.
    public static func fromEnvironment(_ env: [String: String]) -> EtcdClientConfig {
        var c = EtcdClientConfig()
        func value(_ name: String) -> String? {
            guard let v = env[name]?.trimmingSpaces, !v.isEmpty else { return nil }
            return v
        }
        if let e = value("ETCDCTL_ENDPOINTS") {
            c.endpoints = e.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        }
        c.caCertPath = value("ETCDCTL_CACERT")
        c.certPath = value("ETCDCTL_CERT")
        c.keyPath = value("ETCDCTL_KEY")
        if let v = value("ETCDCTL_INSECURE_SKIP_TLS_VERIFY") { c.insecureSkipTLSVerify = ["1", "true", "yes"].contains(v.lowercased()) }
        c.user = value("ETCDCTL_USER")
        c.password = value("ETCDCTL_PASSWORD")
        if let v = value("ETCDCTL_DIAL_TIMEOUT"), let d = parseGoDuration(v) { c.dialTimeout = d }
        if let v = value("ETCDCTL_COMMAND_TIMEOUT"), let d = parseGoDuration(v) { c.commandTimeout = d }
        return c
    }

    /// True when any TLS option is set, so scheme-less endpoints use https.
    public var wantsTLS: Bool {
        caCertPath != nil || certPath != nil || keyPath != nil || insecureSkipTLSVerify
    }

    /// User name and password, from "name:password" in `user` or from `user` + `password`.
    public var credentials: (name: String, password: String)? {
        guard let user, !user.isEmpty else { return nil }
        if let password { return (user, password) }
        if let colon = user.firstIndex(of: ":") {
            return (String(user[..<colon]), String(user[user.index(after: colon)...]))
        }
        return (user, "")
    }

    /// Parses Go duration strings as etcdctl accepts them: "2s", "500ms", "1m30s", "1.5s", "90" (seconds).
    public static func parseGoDuration(_ text: String) -> Duration? {
        if let seconds = Double(text) { return seconds >= 0 ? .milliseconds(Int64(seconds * 1000)) : nil }
        var total: Double = 0  // nanoseconds
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let numberEnd = rest.firstIndex { !($0.isNumber || $0 == ".") } ?? rest.endIndex
            guard numberEnd != rest.startIndex, let n = Double(rest[..<numberEnd]) else { return nil }
            rest = rest[numberEnd...]
            let unitEnd = rest.firstIndex { $0.isNumber || $0 == "." } ?? rest.endIndex
            let scale: Double
            switch rest[..<unitEnd] {
            case "ns": scale = 1
            case "us", "µs": scale = 1e3
            case "ms": scale = 1e6
            case "s": scale = 1e9
            case "m": scale = 60e9
            case "h": scale = 3600e9
            default: return nil
            }
            total += n * scale
            rest = rest[unitEnd...]
        }
        return .nanoseconds(Int64(total))
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
