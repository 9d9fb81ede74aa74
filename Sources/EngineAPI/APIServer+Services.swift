import EngineKit
import EngineStore
import EtcdModel
import GoJSON
import KubeCodec
import KubeResources

extension APIServer {
    /// Where kube-apiserver's service storage allocates before it writes a Service: the
    /// ClusterIP (an IPAddress object from 1.33; the serviceips bitmap up to 1.33) and node ports.
    func beforeCreate(_ object: inout JSONValue, _ resource: ResourceInfo) async throws(APIError) {
        guard resource.group.isEmpty, resource.kind == "Service" else { return }
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        let namespace = object[path: ["metadata", "namespace"]]?.stringValue ?? ""
        let type = object[path: ["spec", "type"]]?.stringValue ?? "ClusterIP"
        if type != "ExternalName" {
            let requested = object[path: ["spec", "clusterIP"]]?.stringValue ?? ""
            if requested == "None" {
                object.set(.array([.string("None")]), at: "spec", "clusterIPs")
            } else {
                let ip = try allocateClusterIP(requested, kind: resource.kind, name: name)
                object.set(.string(ip), at: "spec", "clusterIP")
                object.set(.array([.string(ip)]), at: "spec", "clusterIPs")
                if kubeVersion >= KubeVersion(major: 1, minor: 33) {
                    try await create(ipAddressObject(ip, namespace: namespace, service: name), manager: "kube-apiserver")
                }
                if kubeVersion <= KubeVersion(major: 1, minor: 33) { try await writeServiceIPRange() }
            }
        }
        if type == "NodePort" || type == "LoadBalancer" {
            var allocated = false
            var ports = object[path: ["spec", "ports"]]?.elements ?? []
            for index in ports.indices {
                if let fixed = ports[index]["nodePort"]?.intValue {
                    let taken = allocator.withLock { a in !a.usedPorts.insert(Int(fixed)).inserted }
                    if taken {
                        throw APIError.invalid(kind: "Service", name: name, [FieldError(
                            .invalid, "spec.ports[\(index)].nodePort", value: String(fixed), "provided port is already allocated")])
                    }
                } else {
                    let port = withRandom { r in allocator.withLock { $0.allocatePort(using: &r) } }
                    guard let port else { throw APIError.internalError("range is full") }
                    ports[index].set(.int(port), at: "nodePort")
                }
                allocated = true
            }
            object.set(.array(ports), at: "spec", "ports")
            if allocated { try await writeNodePortRange() }
        }
    }

    private func allocateClusterIP(_ requested: String, kind: String, name: String) throws(APIError) -> String {
        if requested.isEmpty {
            let offset = withRandom { r in allocator.withLock { $0.allocateDynamic(using: &r) } }
            guard let offset else {
                throw APIError.internalError("failed to allocate a serviceIP: range is full")
            }
            return allocator.withLock { $0.address(ofOffset: offset) }
        }
        let result = allocator.withLock { a -> Bool? in
            guard let o = a.offset(of: requested) else { return nil }
            return a.usedIPs.insert(o).inserted
        }
        switch result {
        case nil:
            throw APIError.invalid(kind: kind, name: name, [FieldError(
                .invalid, "spec.clusterIPs", value: "[]string{\"\(requested)\"}",
                "failed to allocate IP \(requested): the provided IP (\(requested)) is not in the valid range. The range of valid IPs is \(configuration.serviceCIDR)")])
        case false?:
            throw APIError.invalid(kind: kind, name: name, [FieldError(
                .invalid, "spec.clusterIPs", value: "[]string{\"\(requested)\"}",
                "failed to allocate IP \(requested): provided IP is already allocated")])
        case true?:
            return requested
        }
    }

    private func ipAddressObject(_ ip: String, namespace: String, service: String) -> JSONValue {
        .object([
            JSONMember("apiVersion", .string("networking.k8s.io/v1")),
            JSONMember("kind", .string("IPAddress")),
            JSONMember("metadata", .object([
                JSONMember("name", .string(ip)),
                JSONMember("labels", .object([
                    JSONMember("ipaddress.kubernetes.io/ip-family", .string("IPv4")),
                    JSONMember("ipaddress.kubernetes.io/managed-by", .string("ipallocator.k8s.io")),
                ])),
            ])),
            JSONMember("spec", .object([
                JSONMember("parentRef", .object([
                    JSONMember("group", .string("")),
                    JSONMember("resource", .string("services")),
                    JSONMember("namespace", .string(namespace)),
                    JSONMember("name", .string(service)),
                ])),
            ])),
        ])
    }

    /// Frees what a deleted Service held.
    func releaseAllocations(_ object: JSONValue, _ resource: ResourceInfo) async throws(APIError) {
        guard resource.group.isEmpty, resource.kind == "Service" else { return }
        var freedIP: String?
        if let ip = object[path: ["spec", "clusterIP"]]?.stringValue, ip != "None", !ip.isEmpty {
            let freed = allocator.withLock { a -> Bool in
                guard let o = a.offset(of: ip) else { return false }
                return a.usedIPs.remove(o) != nil
            }
            if freed { freedIP = ip }
        }
        var freedPort = false
        for port in object[path: ["spec", "ports"]]?.elements ?? [] {
            if let p = port["nodePort"]?.intValue {
                if allocator.withLock({ $0.usedPorts.remove(Int(p)) }) != nil { freedPort = true }
            }
        }
        if let freedIP {
            if kubeVersion >= KubeVersion(major: 1, minor: 33), let r = resources.lookup("ipaddresses", group: "networking.k8s.io") {
                _ = try? await delete(r, namespace: "", name: freedIP)
            }
            if kubeVersion <= KubeVersion(major: 1, minor: 33) { try await writeServiceIPRange() }
        }
        if freedPort { try await writeNodePortRange() }
    }

    /// Writes /registry/ranges/serviceips from the allocator (the apiserver's bitmap dual write,
    /// on by default up to 1.33).
    public func writeServiceIPRange() async throws(APIError) {
        let (range, bits) = allocator.withLock { ($0.cidr, ServiceAllocator.bitmap($0.usedIPs)) }
        try await writeRange(name: "serviceips", range: range, data: bits)
    }

    /// Writes /registry/ranges/servicenodeports (the repair controller writes it at start-up).
    public func writeNodePortRange() async throws(APIError) {
        let (range, bits) = allocator.withLock { a -> (String, [UInt8]) in
            let offsets = Set(a.usedPorts.map { $0 - a.nodePorts.lowerBound })
            return ("\(a.nodePorts.lowerBound)-\(a.nodePorts.upperBound)", ServiceAllocator.bitmap(offsets))
        }
        try await writeRange(name: "servicenodeports", range: range, data: bits)
    }

    private func writeRange(name: String, range: String, data: [UInt8]) async throws(APIError) {
        let object = JSONValue.object([
            JSONMember("apiVersion", .string("v1")),
            JSONMember("kind", .string("RangeAllocation")),
            JSONMember("metadata", .object([JSONMember("creationTimestamp", .null)])),
            JSONMember("range", .string(range)),
            JSONMember("data", .string(Base64.encode(data))),
        ])
        let bytes = try codec.encode(object)
        let key = Array("\(configuration.etcdPrefix)/ranges/\(name)".utf8)
        let existing = try await storeCall { try await store.range(KVRangeRequest(key: key)) }
        if existing.kvs.first?.value == bytes { return }
        _ = try await storeCall { try await store.put(KVPutRequest(key: key, value: bytes)) }
    }

    /// Marks an address as taken without creating anything (objects loaded from a saved cluster).
    public func reserveClusterIP(_ ip: String) {
        allocator.withLock { a in if let o = a.offset(of: ip) { a.usedIPs.insert(o) } }
    }

}
