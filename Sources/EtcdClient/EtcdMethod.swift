/// An etcd RPC: its gRPC name and the gateway path that maps to it.
struct EtcdMethod: Sendable {
    let service: String
    let method: String
    let gatewayPath: String
    /// Safe to send twice (reads): the gRPC retry policy may resend it after a dropped connection.
    let idempotent: Bool

    static let range = EtcdMethod(service: "etcdserverpb.KV", method: "Range", gatewayPath: "/v3/kv/range", idempotent: true)
    static let put = EtcdMethod(service: "etcdserverpb.KV", method: "Put", gatewayPath: "/v3/kv/put", idempotent: false)
    static let deleteRange = EtcdMethod(service: "etcdserverpb.KV", method: "DeleteRange", gatewayPath: "/v3/kv/deleterange", idempotent: false)
    static let txn = EtcdMethod(service: "etcdserverpb.KV", method: "Txn", gatewayPath: "/v3/kv/txn", idempotent: false)
    static let compact = EtcdMethod(service: "etcdserverpb.KV", method: "Compact", gatewayPath: "/v3/kv/compaction", idempotent: true)
    static let watch = EtcdMethod(service: "etcdserverpb.Watch", method: "Watch", gatewayPath: "/v3/watch", idempotent: true)
    static let leaseGrant = EtcdMethod(service: "etcdserverpb.Lease", method: "LeaseGrant", gatewayPath: "/v3/lease/grant", idempotent: false)
    static let leaseRevoke = EtcdMethod(service: "etcdserverpb.Lease", method: "LeaseRevoke", gatewayPath: "/v3/lease/revoke", idempotent: true)
    static let leaseKeepAlive = EtcdMethod(service: "etcdserverpb.Lease", method: "LeaseKeepAlive", gatewayPath: "/v3/lease/keepalive", idempotent: true)
    static let leaseTimeToLive = EtcdMethod(service: "etcdserverpb.Lease", method: "LeaseTimeToLive", gatewayPath: "/v3/lease/timetolive", idempotent: true)
    static let status = EtcdMethod(service: "etcdserverpb.Maintenance", method: "Status", gatewayPath: "/v3/maintenance/status", idempotent: true)
    // On 3.4/3.5 this path reaches Hash, not HashKV (checked against 3.4.23); only gRPC reaches HashKV.
    static let hashKV = EtcdMethod(service: "etcdserverpb.Maintenance", method: "HashKV", gatewayPath: "/v3/maintenance/hash", idempotent: true)
    static let snapshot = EtcdMethod(service: "etcdserverpb.Maintenance", method: "Snapshot", gatewayPath: "/v3/maintenance/snapshot", idempotent: true)
    static let authenticate = EtcdMethod(service: "etcdserverpb.Auth", method: "Authenticate", gatewayPath: "/v3/auth/authenticate", idempotent: true)
}
