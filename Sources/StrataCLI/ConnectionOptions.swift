import ArgumentParser
import EtcdClient
import Foundation
import StrataCore

/// etcdctl's connection flags; `ETCDCTL_*` variables fill in what the flags leave out.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "Comma-separated etcd endpoints (env ETCDCTL_ENDPOINTS; default 127.0.0.1:2379).")
    var endpoints: String?

    @Option(help: "CA bundle to verify the server certificate (env ETCDCTL_CACERT).")
    var cacert: String?

    @Option(help: "Client certificate for mutual TLS (env ETCDCTL_CERT).")
    var cert: String?

    @Option(help: "Client private key (env ETCDCTL_KEY).")
    var key: String?

    @Flag(name: .customLong("insecure-skip-tls-verify"), help: "Do not verify the server certificate (env ETCDCTL_INSECURE_SKIP_TLS_VERIFY).")
    var insecureSkipTLSVerify = false

    @Option(help: "user or user:password for etcd auth (env ETCDCTL_USER).")
    var user: String?

    @Option(help: "Password, when --user has none (env ETCDCTL_PASSWORD).")
    var password: String?

    @Option(help: "Connect timeout, Go duration such as 2s (env ETCDCTL_DIAL_TIMEOUT).")
    var dialTimeout: String?

    @Option(help: "Per-request timeout, Go duration such as 5s (env ETCDCTL_COMMAND_TIMEOUT).")
    var commandTimeout: String?

    @Option(help: "grpc (default) or http (the JSON gateway, for HTTP/1.1-only paths).")
    var transport: String?

    func config(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> EtcdClientConfig {
        var c = EtcdClientConfig.fromEnvironment(environment)
        if let endpoints {
            let list = endpoints.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !list.isEmpty else { throw ValidationError("--endpoints is empty") }
            c.endpoints = list
        }
        if let cacert { c.caCertPath = cacert }
        if let cert { c.certPath = cert }
        if let key { c.keyPath = key }
        if insecureSkipTLSVerify { c.insecureSkipTLSVerify = true }
        if let user { c.user = user }
        if let password { c.password = password }
        if let dialTimeout {
            guard let d = EtcdClientConfig.parseGoDuration(dialTimeout) else { throw ValidationError("--dial-timeout: not a duration: \(dialTimeout)") }
            c.dialTimeout = d
        }
        if let commandTimeout {
            guard let d = EtcdClientConfig.parseGoDuration(commandTimeout) else { throw ValidationError("--command-timeout: not a duration: \(commandTimeout)") }
            c.commandTimeout = d
        }
        if let transport {
            guard let t = EtcdTransportKind(rawValue: transport.lowercased()) else {
                throw ValidationError("--transport must be grpc or http, not \(transport)")
            }
            c.transport = t
        }
        if (c.certPath == nil) != (c.keyPath == nil) {
            throw ValidationError("--cert and --key go together")
        }
        return c
    }

    /// Runs `body` with a connected client and closes it afterwards, also on errors.
    func withEtcd<T>(_ body: (EtcdClient) async throws -> T) async throws -> T {
        let client = try openEtcd(try config())
        do {
            let result = try await body(client)
            await client.close()
            return result
        } catch {
            await client.close()
            throw error
        }
    }

    var description: String {
        "etcd at " + ((try? config().endpoints.joined(separator: ",")) ?? "?")
    }
}
