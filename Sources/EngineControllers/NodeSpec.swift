import EngineKit
import GoJSON
import KubeCodec

/// The machine a kubelet runs on: what it reports when it registers its Node.
public struct NodeSpec: Sendable {
    public var name: String
    public var cpu: String
    public var memory: String
    public var pods: String
    public var ephemeralStorage: String
    /// The range the node-ipam controller gives the node; pod IPs come from it.
    public var podCIDR: String
    public var internalIP: String
    /// Extra labels (the kubelet's own arch/os/hostname labels are always there).
    public var labels: [String: String]
    /// Taints the node registers with (kubelet `--register-with-taints`).
    public var taints: [Taint]
    /// nil: `v<major>.<minor>.0` of the engine's Kubernetes version.
    public var kubeletVersion: String?
    public var containerdVersion: String
    public var kernelVersion: String
    public var osImage: String
    /// A kubeadm control-plane node: role labels and the control-plane NoSchedule taint.
    public var controlPlane: Bool

    public struct Taint: Sendable, Equatable {
        public var key: String
        public var value: String
        public var effect: String
        public init(key: String, value: String = "", effect: String) {
            self.key = key
            self.value = value
            self.effect = effect
        }
    }

    public init(name: String, cpu: String = "4", memory: String = "16318436Ki", pods: String = "110",
                ephemeralStorage: String = "102626232Ki", podCIDR: String = "10.244.0.0/24", internalIP: String = "172.18.0.2",
                labels: [String: String] = [:], taints: [Taint] = [], kubeletVersion: String? = nil,
                containerdVersion: String = "2.1.3", kernelVersion: String = "6.8.0-60-generic",
                osImage: String = "Debian GNU/Linux 12 (bookworm)", controlPlane: Bool = false) {
        self.name = name
        self.cpu = cpu
        self.memory = memory
        self.pods = pods
        self.ephemeralStorage = ephemeralStorage
        self.podCIDR = podCIDR
        self.internalIP = internalIP
        self.labels = labels
        self.taints = taints
        self.kubeletVersion = kubeletVersion
        self.containerdVersion = containerdVersion
        self.kernelVersion = kernelVersion
        self.osImage = osImage
        self.controlPlane = controlPlane
    }

    public func kubeletVersion(for kubeVersion: KubeVersion) -> String {
        kubeletVersion ?? "v\(kubeVersion.major).\(kubeVersion.minor).0"
    }

    /// Labels as the kubelet (and kubeadm, for control-plane nodes) set them.
    var allLabels: [(String, String)] {
        var list: [(String, String)] = [
            ("beta.kubernetes.io/arch", "amd64"), ("beta.kubernetes.io/os", "linux"),
            ("kubernetes.io/arch", "amd64"), ("kubernetes.io/hostname", name), ("kubernetes.io/os", "linux"),
        ]
        if controlPlane {
            list += [("node-role.kubernetes.io/control-plane", ""), ("node.kubernetes.io/exclude-from-external-load-balancers", "")]
        }
        for key in labels.keys.sorted() where !list.contains(where: { $0.0 == key }) { list.append((key, labels[key] ?? "")) }
        return list
    }

    var allTaints: [Taint] {
        var list = taints
        let controlPlaneTaint = Taint(key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule")
        if controlPlane, !list.contains(controlPlaneTaint) { list.append(controlPlaneTaint) }
        return list
    }

    var resourceList: JSONValue {
        .object([
            "cpu": .string(cpu), "ephemeral-storage": .string(ephemeralStorage), "hugepages-1Gi": .string("0"),
            "hugepages-2Mi": .string("0"), "memory": .string(memory), "pods": .string(pods),
        ])
    }
}

/// The node's machine identity, drawn once from the engine's randomness (machine-id, SMBIOS
/// UUID, boot id).
struct NodeIdentity {
    var machineID: String
    var systemUUID: String
    var bootID: String

    init(_ random: inout EngineRandom) {
        machineID = random.hex(bytes: 16)
        systemUUID = random.uuid()
        bootID = random.uuid()
    }
}

extension NodeSpec {
    /// The Node as the kubelet first registers it (initialNode plus the status setters), with
    /// Ready still False until the runtime has reported in.
    func registrationObject(identity: NodeIdentity, kubeVersion: KubeVersion, images: JSONValue, now: String) -> JSONValue {
        var taintList: [JSONValue] = []
        for t in allTaints {
            var members: [JSONMember] = [JSONMember("key", .string(t.key))]
            if !t.value.isEmpty { members.append(JSONMember("value", .string(t.value))) }
            members.append(JSONMember("effect", .string(t.effect)))
            taintList.append(.object(members))
        }
        var spec = JSONValue.emptyObject
        if !taintList.isEmpty { spec.set(.array(taintList), at: "taints") }
        let labels = JSONValue.object(allLabels.map { JSONMember($0.0, .string($0.1)) })
        return .object([
            "apiVersion": .string("v1"),
            "kind": .string("Node"),
            "metadata": .object([
                "name": .string(name),
                "labels": labels,
                "annotations": .object(["volumes.kubernetes.io/controller-managed-attach-detach": .string("true")]),
            ]),
            "spec": spec,
            "status": status(identity: identity, kubeVersion: kubeVersion, images: images, ready: false, now: now, readySince: now),
        ])
    }

    func status(identity: NodeIdentity, kubeVersion: KubeVersion, images: JSONValue, ready: Bool, now: String,
                readySince: String, pressureSince: String? = nil) -> JSONValue {
        func condition(_ type: String, _ status: String, _ reason: String, _ message: String, since: String) -> JSONValue {
            .object([
                "type": .string(type), "status": .string(status), "lastHeartbeatTime": .string(now),
                "lastTransitionTime": .string(since), "reason": .string(reason), "message": .string(message),
            ])
        }
        let pressure = pressureSince ?? readySince
        let readyCondition = ready
            ? condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", since: readySince)
            : condition("Ready", "False", "KubeletNotReady", "container runtime status check may not have completed yet", since: readySince)
        var nodeInfo: [JSONMember] = [
            JSONMember("machineID", .string(identity.machineID)),
            JSONMember("systemUUID", .string(identity.systemUUID)),
            JSONMember("bootID", .string(identity.bootID)),
            JSONMember("kernelVersion", .string(kernelVersion)),
            JSONMember("osImage", .string(osImage)),
            JSONMember("containerRuntimeVersion", .string("containerd://" + containerdVersion)),
            JSONMember("kubeletVersion", .string(kubeletVersion(for: kubeVersion))),
        ]
        // DisableNodeKubeProxyVersion (on by default from 1.33) leaves the field empty.
        nodeInfo.append(JSONMember("kubeProxyVersion",
                                   .string(kubeVersion >= KubeVersion(major: 1, minor: 33) ? "" : kubeletVersion(for: kubeVersion))))
        nodeInfo += [JSONMember("operatingSystem", .string("linux")), JSONMember("architecture", .string("amd64"))]
        var status: [JSONMember] = [
            JSONMember("capacity", resourceList),
            JSONMember("allocatable", resourceList),
            JSONMember("conditions", .array([
                condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", since: pressure),
                condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", since: pressure),
                condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", since: pressure),
                readyCondition,
            ])),
            JSONMember("addresses", .array([
                .object(["type": .string("InternalIP"), "address": .string(internalIP)]),
                .object(["type": .string("Hostname"), "address": .string(name)]),
            ])),
            JSONMember("daemonEndpoints", .object(["kubeletEndpoint": .object(["Port": .int(10250)])])),
            JSONMember("nodeInfo", .object(nodeInfo)),
            JSONMember("images", images),
        ]
        if kubeVersion >= KubeVersion(major: 1, minor: 30) {
            let features = JSONValue.object(["recursiveReadOnlyMounts": .bool(true), "userNamespaces": .bool(true)])
            status.append(JSONMember("runtimeHandlers", .array([
                .object(["name": .string(""), "features": features]),
                .object(["name": .string("runc"), "features": features]),
            ])))
        }
        if kubeVersion >= KubeVersion(major: 1, minor: 31) {
            status.append(JSONMember("features", .object(["supplementalGroupsPolicy": .bool(true)])))
        }
        return .object(status)
    }
}
