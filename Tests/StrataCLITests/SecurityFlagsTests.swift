import EtcdTestSupport
import Foundation
import Testing

extension LiveEtcdCommandTests {
    /// The etcdctl connection flags and ETCDCTL_* variables reach the client: mutual TLS and
    /// user/password auth, over both transports.
    @Suite struct SecurityFlagsTests {
        /// A throwaway CA, a server certificate for 127.0.0.1 (serverAuth + clientAuth, as etcd's
        /// gateway needs) and a client certificate without a CN (so auth still asks for a user).
        static func makePKI(_ dir: URL) throws {
            let d = dir.path
            func sh(_ script: String) throws { try EtcdProcess.run(["/bin/sh", "-c", "cd '\(d)' && " + script]) }
            try sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=strata-test-ca 2>/dev/null")
            try sh("openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=etcd-server 2>/dev/null")
            try sh("printf 'subjectAltName=IP:127.0.0.1\\nextendedKeyUsage=serverAuth,clientAuth\\n' > server.ext && openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -extfile server.ext 2>/dev/null")
            try sh("openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /O=strata-test-client 2>/dev/null")
            try sh("printf 'extendedKeyUsage=clientAuth\\n' > client.ext && openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt -days 2 -extfile client.ext 2>/dev/null")
        }

        @Test func mutualTLSAndAuth() throws {
            let pki = FileManager.default.temporaryDirectory.appendingPathComponent("strata-pki-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: pki, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: pki) }
            try Self.makePKI(pki)
            let p = pki.path
            let tls = ["--cacert", p + "/ca.crt", "--cert", p + "/client.crt", "--key", p + "/client.key"]
            let etcd = try EtcdProcess.start(scheme: "https", extraArguments: [
                "--client-cert-auth", "--trusted-ca-file", p + "/ca.crt",
                "--cert-file", p + "/server.crt", "--key-file", p + "/server.key",
            ], healthArguments: tls)
            defer { etcd.stop() }
            try etcd.etcdctl(tls + ["put", "/registry/secrets/default/s", "tls-value"])
            try etcd.etcdctl(tls + ["user", "add", "root", "--new-user-password=rootpw"])
            try etcd.etcdctl(tls + ["user", "grant-role", "root", "root"])
            try etcd.etcdctl(tls + ["auth", "enable"])

            for transport in ["grpc", "http"] {
                let conn = Strata.connection(etcd.endpoint, transport)
                let flags = try Strata.run(["get", "secrets", "s", "-o", "raw", "--user", "root:rootpw"] + tls + conn)
                #expect(flags.status == 0, "\(transport): \(flags.stderr)")
                #expect(flags.stdout.contains("tls-value"))

                let env = try Strata.run(["get", "secrets", "s", "-o", "raw", "--transport", transport], environment: [
                    "ETCDCTL_ENDPOINTS": etcd.endpoint, "ETCDCTL_CACERT": p + "/ca.crt", "ETCDCTL_CERT": p + "/client.crt",
                    "ETCDCTL_KEY": p + "/client.key", "ETCDCTL_USER": "root", "ETCDCTL_PASSWORD": "rootpw",
                ])
                #expect(env.status == 0, "\(transport): \(env.stderr)")
                #expect(env.stdout.contains("tls-value"))

                let wrongPassword = try Strata.run(["get", "secrets", "s", "--user", "root:nope"] + tls + conn)
                #expect(wrongPassword.status != 0)
                #expect(wrongPassword.stderr.split(separator: "\n").count == 1, "\(wrongPassword.stderr)")
                #expect(wrongPassword.stderr.contains("authentication failed"), "\(wrongPassword.stderr)")

                let noClientCert = try Strata.run(["get", "secrets", "s", "--cacert", p + "/ca.crt", "--user", "root:rootpw", "--dial-timeout", "2s"] + conn)
                #expect(noClientCert.status != 0)
                #expect(noClientCert.stdout.isEmpty)
            }
        }
    }
}
