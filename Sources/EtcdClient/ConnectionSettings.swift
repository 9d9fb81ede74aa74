/// What every per-endpoint connection needs from the config, resolved once.
struct ConnectionSettings: Sendable {
    var caCertPath: String?
    var certPath: String?
    var keyPath: String?
    var insecureSkipTLSVerify: Bool
    /// Only for wording permission errors.
    var userName: String?
    var dialTimeout: Duration
    var commandTimeout: Duration

    init(_ c: EtcdClientConfig) {
        caCertPath = c.caCertPath
        certPath = c.certPath
        keyPath = c.keyPath
        insecureSkipTLSVerify = c.insecureSkipTLSVerify
        userName = c.credentials?.name
        dialTimeout = c.dialTimeout
        commandTimeout = c.commandTimeout
    }
}
