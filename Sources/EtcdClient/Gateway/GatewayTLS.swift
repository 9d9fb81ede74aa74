import NIOSSL

enum GatewayTLS {
    /// The client TLS context for the gateway. PEM is stated explicitly for the key: NIOSSL's
    /// file loading otherwise guesses DER from a ".key" extension, and etcd/kubeadm keys are PEM.
    static func makeContext(_ s: ConnectionSettings) throws(EtcdError) -> NIOSSLContext {
        do {
            var c = TLSConfiguration.makeClientConfiguration()
            if let ca = s.caCertPath {
                c.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(ca))
            }
            if let cert = s.certPath {
                c.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }
            }
            if let key = s.keyPath {
                c.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            }
            if s.insecureSkipTLSVerify { c.certificateVerification = .none }
            // The gateway on a TLS port also accepts h2, but this client speaks HTTP/1.1 only.
            c.applicationProtocols = ["http/1.1"]
            return try NIOSSLContext(configuration: c)
        } catch {
            throw EtcdError(.tls, "cannot load TLS files (--cacert/--cert/--key): \(error)")
        }
    }
}
