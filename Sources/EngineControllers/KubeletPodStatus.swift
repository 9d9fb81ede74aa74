import EngineKit
import GoJSON
import KubeCodec

/// What containerd reports for one image: the normalized reference, the repo digest and size.
struct RuntimeImage: Equatable {
    /// `docker.io/library/nginx:latest`
    var reference: String
    /// `docker.io/library/nginx@sha256:<64 hex>`
    var imageID: String
    var sizeBytes: Int64

    /// containerd normalizes short names to docker.io (and library/ for one-component names) and
    /// adds :latest when there is neither tag nor digest. The digest is a stand-in derived from
    /// the name, so every node and every run agrees on it, as a registry would.
    init(_ image: String) {
        var name = image
        var digest: String?
        if let at = name.firstIndex(of: "@") {
            digest = String(name[name.index(after: at)...])
            name = String(name[..<at])
        }
        let firstComponent = name.split(separator: "/", maxSplits: 1).first.map(String.init) ?? name
        let hasDomain = name.contains("/") && (firstComponent.contains(".") || firstComponent.contains(":") || firstComponent == "localhost")
        if !hasDomain { name = "docker.io/" + (name.contains("/") ? name : "library/" + name) }
        let lastComponent = name.split(separator: "/").last.map(String.init) ?? name
        var repository = name
        if let colon = lastComponent.lastIndex(of: ":") {
            repository = String(name.dropLast(lastComponent.distance(from: colon, to: lastComponent.endIndex)))
        } else if digest == nil {
            name += ":latest"
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in image.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        var random = EngineRandom(seed: hash)
        let sha = digest ?? "sha256:" + random.hex(bytes: 32)
        reference = digest == nil ? name : repository + "@" + sha
        imageID = repository + "@" + sha
        sizeBytes = Int64(8_000_000 + random.below(140_000_000))
    }

    var nodeStatusEntry: JSONValue {
        let names: [JSONValue] = reference == imageID ? [.string(imageID)] : [.string(imageID), .string(reference)]
        return .object(["names": .array(names), "sizeBytes": .int(sizeBytes)])
    }
}

/// One container as the kubelet's runtime knows it.
struct RuntimeContainer {
    var name: String
    var specImage: String
    var image: RuntimeImage
    var containerID: String = ""
    var startedAt: String?
    var finishedAt: String?
}

/// The pod status a kubelet computes (generateAPIPodStatus) at each stage of a pod's life.
struct KubeletPodStatus {
    enum Stage {
        case creating, running, succeeded
    }

    var pod: JSONValue
    var containers: [RuntimeContainer]
    var hostIP: String
    var podIP: String?
    var startTime: String
    var kubeVersion: KubeVersion
    var now: String
    /// When the pod became ready / when the sandbox came up (lastTransitionTime of conditions).
    var readySince: String?
    var sandboxSince: String?
    var initializedSince: String

    private var observedGeneration: JSONValue? {
        guard kubeVersion >= KubeVersion(major: 1, minor: 34) else { return nil }
        return pod[path: ["metadata", "generation"]] ?? .int(1)
    }

    func status(_ stage: Stage) -> JSONValue {
        let names = containers.map(\.name).joined(separator: " ")
        func condition(_ type: String, _ status: Bool, since: String, reason: String? = nil, message: String? = nil) -> JSONValue {
            var m: [JSONMember] = [JSONMember("type", .string(type))]
            if let observedGeneration { m.append(JSONMember("observedGeneration", observedGeneration)) }
            m.append(JSONMember("status", .string(status ? "True" : "False")))
            m.append(JSONMember("lastProbeTime", .null))
            m.append(JSONMember("lastTransitionTime", .string(since)))
            if let reason { m.append(JSONMember("reason", .string(reason))) }
            if let message { m.append(JSONMember("message", .string(message))) }
            return .object(m)
        }
        let scheduled = pod[path: ["status", "conditions"]]?.elements?.first { $0["type"]?.stringValue == "PodScheduled" }
        let scheduledSince = scheduled?["lastTransitionTime"]?.stringValue ?? startTime
        var conditions: [JSONValue] = []
        switch stage {
        case .creating:
            conditions = [
                condition("PodReadyToStartContainers", false, since: initializedSince),
                condition("Initialized", true, since: initializedSince),
                condition("Ready", false, since: initializedSince, reason: "ContainersNotReady",
                          message: "containers with unready status: [\(names)]"),
                condition("ContainersReady", false, since: initializedSince, reason: "ContainersNotReady",
                          message: "containers with unready status: [\(names)]"),
            ]
        case .running:
            conditions = [
                condition("PodReadyToStartContainers", true, since: sandboxSince ?? now),
                condition("Initialized", true, since: initializedSince),
                condition("Ready", true, since: readySince ?? now),
                condition("ContainersReady", true, since: readySince ?? now),
            ]
        case .succeeded:
            conditions = [
                condition("PodReadyToStartContainers", false, since: now),
                condition("Initialized", true, since: initializedSince, reason: "PodCompleted"),
                condition("Ready", false, since: now, reason: "PodCompleted"),
                condition("ContainersReady", false, since: now, reason: "PodCompleted"),
            ]
        }
        conditions.append(condition("PodScheduled", true, since: scheduledSince))

        var status: [JSONMember] = []
        if let observedGeneration { status.append(JSONMember("observedGeneration", observedGeneration)) }
        status.append(JSONMember("phase", .string(stage == .creating ? "Pending" : stage == .running ? "Running" : "Succeeded")))
        status.append(JSONMember("conditions", .array(conditions)))
        status.append(JSONMember("hostIP", .string(hostIP)))
        status.append(JSONMember("hostIPs", .array([.object(["ip": .string(hostIP)])])))
        if stage != .creating, let podIP {
            status.append(JSONMember("podIP", .string(podIP)))
            status.append(JSONMember("podIPs", .array([.object(["ip": .string(podIP)])])))
        }
        status.append(JSONMember("startTime", .string(startTime)))
        status.append(JSONMember("containerStatuses", .array(containerStatuses(stage))))
        if let qos = pod[path: ["status", "qosClass"]] { status.append(JSONMember("qosClass", qos)) }
        if kubeVersion >= KubeVersion(major: 1, minor: 34) { status.append(JSONMember("resources", .emptyObject)) }
        return .object(status)
    }

    private func containerStatuses(_ stage: Stage) -> [JSONValue] {
        let specs = pod[path: ["spec", "containers"]]?.elements ?? []
        return containers.map { c in
            let spec = specs.first { $0["name"]?.stringValue == c.name } ?? .null
            var m: [JSONMember] = []
            if stage != .creating {
                m.append(JSONMember("containerID", .string("containerd://" + c.containerID)))
                m.append(JSONMember("image", .string(c.image.reference)))
                m.append(JSONMember("imageID", .string(c.image.imageID)))
            } else {
                m.append(JSONMember("image", .string(c.specImage)))
                m.append(JSONMember("imageID", .string("")))
            }
            m.append(JSONMember("lastState", .emptyObject))
            m.append(JSONMember("name", .string(c.name)))
            m.append(JSONMember("ready", .bool(stage == .running)))
            if kubeVersion >= KubeVersion(major: 1, minor: 33) {
                let requests = spec[path: ["resources", "requests"]]
                if let requests, requests != .null { m.append(JSONMember("allocatedResources", requests)) }
                var resources = JSONValue.emptyObject
                if let limits = spec[path: ["resources", "limits"]], limits != .null { resources.set(limits, at: "limits") }
                if let requests, requests != .null { resources.set(requests, at: "requests") }
                m.append(JSONMember("resources", resources))
            }
            m.append(JSONMember("restartCount", .int(0)))
            m.append(JSONMember("started", .bool(stage == .running)))
            switch stage {
            case .creating:
                m.append(JSONMember("state", .object(["waiting": .object(["reason": .string("ContainerCreating")])])))
            case .running:
                m.append(JSONMember("state", .object(["running": .object(["startedAt": .string(c.startedAt ?? now)])])))
            case .succeeded:
                m.append(JSONMember("state", .object(["terminated": .object([
                    "containerID": .string("containerd://" + c.containerID), "exitCode": .int(0),
                    "finishedAt": .string(c.finishedAt ?? now), "reason": .string("Completed"),
                    "startedAt": .string(c.startedAt ?? now),
                ])])))
            }
            if stage != .creating, kubeVersion >= KubeVersion(major: 1, minor: 33) {
                m.append(JSONMember("user", .object(["linux": .object([
                    "gid": .int(0), "supplementalGroups": .array([.int(0)]), "uid": .int(0),
                ])])))
            }
            if kubeVersion >= KubeVersion(major: 1, minor: 31) {
                let mounts = (spec["volumeMounts"]?.elements ?? []).map { mount -> JSONValue in
                    var v: [JSONMember] = [
                        JSONMember("mountPath", mount["mountPath"] ?? .string("")),
                        JSONMember("name", mount["name"] ?? .string("")),
                    ]
                    if mount["readOnly"]?.boolValue == true {
                        v.append(JSONMember("readOnly", .bool(true)))
                        v.append(JSONMember("recursiveReadOnly", .string("Disabled")))
                    }
                    return .object(v)
                }
                if !mounts.isEmpty { m.append(JSONMember("volumeMounts", .array(mounts))) }
            }
            return .object(m)
        }
    }
}

/// Go's time.Duration text for a whole number of milliseconds (`473ms`, `1.432s`, `2s`).
func goDurationText(milliseconds ms: Int64) -> String {
    if ms < 1000 { return "\(ms)ms" }
    var fraction = String(ms % 1000)
    fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
    while fraction.hasSuffix("0") { fraction.removeLast() }
    return "\(ms / 1000)" + (fraction.isEmpty ? "" : "." + fraction) + "s"
}
