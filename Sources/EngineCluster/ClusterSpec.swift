import KubeCodec

/// What kind of cluster the engine builds: version, seed and the addresses a kubeadm
/// single-control-plane cluster would have.
public struct ClusterSpec: Sendable {
    public var kubeVersion: KubeVersion
    public var seed: UInt64
    /// The control-plane node's hostname (also the apiserver identity lease's input).
    public var hostname: String
    /// The apiserver's advertise address (masterleases key, kubernetes Endpoints).
    public var advertiseAddress: String
    public var securePort: Int
    public var serviceCIDR: String
    /// The cluster's pod network; node n gets the n-th /24 inside it.
    public var podCIDR: String
    public var clusterDNS: String
    public var etcdPrefix: String

    public init(kubeVersion: KubeVersion = KubeVersion(major: 1, minor: 35), seed: UInt64 = 1,
                hostname: String = "strata-control-plane", advertiseAddress: String = "172.18.0.2", securePort: Int = 6443,
                serviceCIDR: String = "10.96.0.0/12", podCIDR: String = "10.244.0.0/16", clusterDNS: String = "10.96.0.10",
                etcdPrefix: String = "/registry") {
        self.kubeVersion = kubeVersion
        self.seed = seed
        self.hostname = hostname
        self.advertiseAddress = advertiseAddress
        self.securePort = securePort
        self.serviceCIDR = serviceCIDR
        self.podCIDR = podCIDR
        self.clusterDNS = clusterDNS
        self.etcdPrefix = etcdPrefix
    }

    /// The Kubernetes releases the engine describes (bootstrap tables and version rules).
    public static let supportedVersions: [KubeVersion] = (33...36).map { KubeVersion(major: 1, minor: $0) }

    /// `10.244.<n>.0/24` for node n.
    public func nodePodCIDR(_ index: Int) -> String {
        let parts = podCIDR.split(separator: "/")[0].split(separator: ".")
        guard parts.count == 4 else { return podCIDR }
        return "\(parts[0]).\(parts[1]).\(index).0/24"
    }

    /// The control plane is 172.18.0.2 (kind's first address); workers follow.
    public func nodeAddress(_ index: Int) -> String {
        let parts = advertiseAddress.split(separator: ".")
        guard parts.count == 4, let last = Int(parts[3]) else { return advertiseAddress }
        return "\(parts[0]).\(parts[1]).\(parts[2]).\(last + index)"
    }
}
