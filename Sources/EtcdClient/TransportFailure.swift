/// Socket and TLS failures, recognised from the descriptions of the NIO / BoringSSL errors that
/// both transports surface (their types are several wrapping levels deep and not all public).
enum TransportFailure {
    static func classify(_ text: String, endpoint: Endpoint) -> EtcdError? {
        let t = text.lowercased()
        if t.contains("connection refused") || t.contains("connectionrefused") || t.contains("errno: 111") || t.contains("econnrefused") {
            return .connectionRefused(endpoint.display)
        }
        if t.contains("certificate_verify_failed") || t.contains("unable to get local issuer")
            || t.contains("self signed certificate") || t.contains("self-signed certificate") {
            return EtcdError(.tls, "certificate signed by unknown authority (etcd at \(endpoint.display); pass --cacert)")
        }
        if t.contains("failedtovalidatehostname") || t.contains("hostname") && t.contains("valid") {
            return EtcdError(.tls, "TLS certificate of etcd at \(endpoint.display) is not valid for host \(endpoint.host)")
        }
        if t.contains("certificate_required") || t.contains("bad_certificate") || t.contains("handshake_failure")
            || t.contains("tlsv13_alert_certificate_required") || t.contains("sslv3_alert") {
            return EtcdError(.tls, "etcd at \(endpoint.display) rejected the TLS handshake: a valid client certificate is required (pass --cert and --key)")
        }
        if t.contains("wrong_version_number") || t.contains("packet_length_too_long") || t.contains("http_request") {
            return EtcdError(.tls, "TLS handshake with \(endpoint.display) failed: the server does not speak TLS (use http://)")
        }
        if t.contains("failedtoloadprivatekey") || t.contains("failedtoloadcertificate") || t.contains("no such file") {
            return EtcdError(.tls, "cannot load TLS files: \(text)")
        }
        if t.contains("handshakefailed") || t.contains("ssl") && t.contains("error") {
            return EtcdError(.tls, "TLS handshake with \(endpoint.display) failed: \(text)")
        }
        if t.contains("timed out") || t.contains("connecttimeout") {
            return EtcdError(.timeout, "timed out connecting to \(endpoint.display)")
        }
        if t.contains("connection reset") || t.contains("unexpectedly closed") || t.contains("eof")
            || t.contains("unexpected time") || t.contains("broken pipe") {
            return EtcdError(.unavailable, "connection to etcd at \(endpoint.display) was closed")
        }
        return nil
    }
}
