import EngineAPI
import EngineKit
import GoJSON
import KubeResources

/// One node's kubelet: registers the Node, its CSINode and its Lease, renews the lease every
/// 10 s, reports node status, and runs the pods bound to the node through the status writes
/// and events a kubelet with containerd produces (with simulated pull and start delays).
public final class Kubelet: Controller {
    public static let manager = "kubelet"
    public let spec: NodeSpec
    public var name: String { "kubelet/" + spec.name }

    private let recorder: EventRecorder
    private var stopped = false
    private var identity: NodeIdentity?
    private var nodeUID = ""
    private var podCIDR = ""
    private var registeredAt = ""
    private var readySince = ""
    private var lastStatusReport: Int64 = 0
    private var reportedImages: [RuntimeImage] = []
    private var images: [RuntimeImage] = []
    private var nextPodIP: UInt32 = 2
    private var nextTick: Int64?
    private var podWatch: APIWatch?

    /// Timed one-off work: registration steps and pod lifecycle steps, run in time order.
    private enum Action {
        case startingEvent, registerNode, pressureEvents, allocatableEvent, createLease, createCSINode, nodeReady
        case pod(uid: String, step: PodStep)
    }
    private enum PodStep {
        case pending, pull(Int), pulled(Int, milliseconds: Int64), create(Int), start(Int), running, complete, kill, delete
    }
    private var actions: [(at: Int64, seq: Int, action: Action)] = []
    private var sequence = 0

    private struct PodRuntime {
        var pod: JSONValue
        var containers: [RuntimeContainer]
        var startTime: String
        var podIP: String?
        var sandboxSince: String?
        var readySince: String?
        var running = false
        var terminating = false
    }
    private var pods: [String: PodRuntime] = [:]

    public init(spec: NodeSpec) {
        self.spec = spec
        recorder = EventRecorder(component: "kubelet", host: spec.name, manager: Self.manager)
    }

    /// Stops the kubelet as a dead machine would: no more heartbeats, lease renewals or pod work.
    public func stop() {
        stopped = true
        actions.removeAll()
        nextTick = nil
    }

    public func start(_ api: APIServer) async throws {
        identity = api.withRandom { NodeIdentity(&$0) }
        images = [RuntimeImage(api.kubeVersion >= .init(major: 1, minor: 31) ? "registry.k8s.io/pause:3.10" : "registry.k8s.io/pause:3.9")]
        let podResource = try api.resource(apiVersion: "v1", kind: "Pod")
        podWatch = api.watch(podResource, nodeName: spec.name)
        let now = api.clock.unixNanoseconds
        var at = now
        for action in [Action.startingEvent, .registerNode, .pressureEvents, .allocatableEvent, .createLease, .createCSINode] {
            at += delay(api, 5, 40)
            schedule(action, at: at)
        }
        schedule(.nodeReady, at: at + delay(api, 800, 1500))
    }

    public func nextWakeup() -> Int64? {
        guard !stopped else { return nil }
        return [actions.first?.at, nextTick].compactMap { $0 }.min()
    }

    public func hasPendingWork() -> Bool { !stopped && !actions.isEmpty }

    public func step(_ api: APIServer) async throws -> Bool {
        guard !stopped else {
            _ = podWatch?.drain()
            return false
        }
        var didWork = false
        for event in podWatch?.drain() ?? [] {
            didWork = observe(event, api) || didWork
        }
        let now = api.clock.unixNanoseconds
        while let first = actions.first, first.at <= now {
            actions.removeFirst()
            try await perform(first.action, api)
            didWork = true
        }
        if let tick = nextTick, tick <= now {
            try await heartbeat(api)
            nextTick = tick + 10_000_000_000
            didWork = true
        }
        return didWork
    }

    // MARK: Scheduling of timed work

    private func delay(_ api: APIServer, _ minMs: Int, _ maxMs: Int) -> Int64 {
        Int64(minMs + api.withRandom { $0.below(maxMs - minMs + 1) }) * 1_000_000
    }

    private func schedule(_ action: Action, at time: Int64) {
        sequence += 1
        let entry = (at: time, seq: sequence, action: action)
        let index = actions.firstIndex { ($0.at, $0.seq) > (time, sequence) } ?? actions.endIndex
        actions.insert(entry, at: index)
    }

    private func cancelPodActions(_ uid: String) {
        actions.removeAll {
            if case .pod(let u, _) = $0.action { return u == uid }
            return false
        }
    }

    // MARK: Node

    private var nodeReference: JSONValue {
        // The kubelet's node reference uses the node name as uid.
        .object(["kind": .string("Node"), "metadata": .object(["name": .string(spec.name), "uid": .string(spec.name)])])
    }

    private func nodeEvent(_ api: APIServer, _ reason: String, _ message: String) async throws {
        try await recorder.recordAvoidingNameClash(api, about: nodeReference, reason: reason, message: message)
    }

    private func perform(_ action: Action, _ api: APIServer) async throws {
        let now = api.clock.unixNanoseconds
        switch action {
        case .startingEvent:
            try await nodeEvent(api, "Starting", "Starting kubelet.")
        case .registerNode:
            try await registerNode(api)
        case .pressureEvents:
            for reason in ["NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID"] {
                try await nodeEvent(api, reason, "Node \(spec.name) status is now: \(reason)")
            }
        case .allocatableEvent:
            try await nodeEvent(api, "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods")
        case .createLease:
            try await createLease(api)
            nextTick = now + 10_000_000_000
        case .createCSINode:
            try await createCSINode(api)
        case .nodeReady:
            readySince = api.clock.timestamp()
            try await writeNodeStatus(api)
            try await nodeEvent(api, "NodeReady", "Node \(spec.name) status is now: NodeReady")
        case .pod(let uid, let step):
            try await performPodStep(uid, step, api)
        }
    }

    private func registerNode(_ api: APIServer) async throws {
        guard let identity else { return }
        registeredAt = api.clock.timestamp()
        let nodeResource = try api.resource(apiVersion: "v1", kind: "Node")
        let object = spec.registrationObject(identity: identity, kubeVersion: api.kubeVersion,
                                             images: .array(images.map(\.nodeStatusEntry)), now: registeredAt)
        var node: JSONValue
        do {
            node = try await api.create(object, manager: Self.manager)
        } catch { if !(error.code == 409) { throw error }
            node = try await api.get(nodeResource, namespace: "", name: spec.name)
        }
        reportedImages = images
        lastStatusReport = api.clock.unixNanoseconds
        nodeUID = node[path: ["metadata", "uid"]]?.stringValue ?? ""
        podCIDR = node[path: ["spec", "podCIDR"]]?.stringValue ?? ""
        if podCIDR.isEmpty, !spec.podCIDR.isEmpty {
            // Stands in for kube-controller-manager's node-ipam controller, which gives each new
            // node its range right after registration.
            podCIDR = spec.podCIDR
            _ = try await api.patch(nodeResource, namespace: "", name: spec.name, mergePatch: .object(["spec": .object([
                "podCIDR": .string(podCIDR), "podCIDRs": .array([.string(podCIDR)]),
            ])]), manager: "kube-controller-manager")
        }
    }

    private var ownerReference: JSONValue {
        .array([.object([
            "apiVersion": .string("v1"), "kind": .string("Node"), "name": .string(spec.name), "uid": .string(nodeUID),
        ])])
    }

    private func createLease(_ api: APIServer) async throws {
        let lease = JSONValue.object([
            "apiVersion": .string("coordination.k8s.io/v1"), "kind": .string("Lease"),
            "metadata": .object([
                "name": .string(spec.name), "namespace": .string("kube-node-lease"), "ownerReferences": ownerReference,
            ]),
            "spec": .object([
                "holderIdentity": .string(spec.name), "leaseDurationSeconds": .int(40),
                "renewTime": .string(api.clock.microTimestamp()),
            ]),
        ])
        do { try await api.create(lease, manager: Self.manager) } catch { if !(error.code == 409) { throw error }
            try await renewLease(api)
        }
    }

    private func renewLease(_ api: APIServer) async throws {
        let leases = try api.resource(apiVersion: "coordination.k8s.io/v1", kind: "Lease")
        _ = try await api.patch(leases, namespace: "kube-node-lease", name: spec.name,
                                mergePatch: .object(["spec": .object(["renewTime": .string(api.clock.microTimestamp())])]),
                                manager: Self.manager)
    }

    private func createCSINode(_ api: APIServer) async throws {
        let csiNode = JSONValue.object([
            "apiVersion": .string("storage.k8s.io/v1"), "kind": .string("CSINode"),
            "metadata": .object(["name": .string(spec.name), "ownerReferences": ownerReference]),
            "spec": .object(["drivers": .array([])]),
        ])
        do { try await api.create(csiNode, manager: Self.manager) } catch { if !(error.code == 409) { throw error }}
    }

    /// Every 10 s: renew the lease; write node status when the images changed or 5 minutes
    /// passed since the last report (nodeStatusReportFrequency).
    private func heartbeat(_ api: APIServer) async throws {
        try await renewLease(api)
        let now = api.clock.unixNanoseconds
        if images != reportedImages || now - lastStatusReport >= 300_000_000_000 {
            try await writeNodeStatus(api)
        }
    }

    private func writeNodeStatus(_ api: APIServer) async throws {
        guard let identity else { return }
        let nodeResource = try api.resource(apiVersion: "v1", kind: "Node")
        var node = try await api.get(nodeResource, namespace: "", name: spec.name)
        let sorted = images.sorted { $0.sizeBytes > $1.sizeBytes }
        node.set(spec.status(identity: identity, kubeVersion: api.kubeVersion, images: .array(sorted.map(\.nodeStatusEntry)),
                             ready: !readySince.isEmpty, now: api.clock.timestamp(),
                             readySince: readySince.isEmpty ? registeredAt : readySince, pressureSince: registeredAt),
                 at: "status")
        node.remove(at: "metadata", "resourceVersion")
        _ = try await api.update(node, manager: Self.manager, subresource: "status")
        reportedImages = images
        lastStatusReport = api.clock.unixNanoseconds
    }

    // MARK: Pods

    /// Returns whether the event changed what the kubelet will do.
    private func observe(_ event: APIWatchEvent, _ api: APIServer) -> Bool {
        let pod = event.object
        guard pod[path: ["spec", "nodeName"]]?.stringValue == spec.name,
              let uid = pod[path: ["metadata", "uid"]]?.stringValue else { return false }
        if event.kind == .deleted {
            cancelPodActions(uid)
            return pods.removeValue(forKey: uid) != nil
        }
        let now = api.clock.unixNanoseconds
        if var runtime = pods[uid] {
            runtime.pod = pod
            let deleting = pod[path: ["metadata", "deletionTimestamp"]] != nil
            if deleting, !runtime.terminating {
                runtime.terminating = true
                pods[uid] = runtime
                cancelPodActions(uid)
                schedule(.pod(uid: uid, step: .kill), at: now + delay(api, 5, 30))
                return true
            }
            pods[uid] = runtime
            return false
        }
        let phase = pod[path: ["status", "phase"]]?.stringValue ?? ""
        guard phase != "Succeeded", phase != "Failed", nodeUID != "" else { return false }
        let containers = (pod[path: ["spec", "containers"]]?.elements ?? []).map { c -> RuntimeContainer in
            let image = c["image"]?.stringValue ?? ""
            return RuntimeContainer(name: c["name"]?.stringValue ?? "", specImage: image, image: RuntimeImage(image))
        }
        var runtime = PodRuntime(pod: pod, containers: containers, startTime: RFC3339.seconds(now))
        if pod[path: ["metadata", "deletionTimestamp"]] != nil {
            runtime.terminating = true
            pods[uid] = runtime
            schedule(.pod(uid: uid, step: .delete), at: now + delay(api, 5, 30))
            return true
        }
        pods[uid] = runtime
        schedule(.pod(uid: uid, step: .pending), at: now + delay(api, 10, 60))
        return true
    }

    private func performPodStep(_ uid: String, _ step: PodStep, _ api: APIServer) async throws {
        guard var runtime = pods[uid] else { return }
        let now = api.clock.unixNanoseconds
        let pod = runtime.pod
        func containerField(_ i: Int) -> String { "spec.containers{\(runtime.containers[i].name)}" }
        func podEvent(_ reason: String, _ message: String, _ i: Int) async throws {
            try await recorder.recordAvoidingNameClash(api, about: runtime.pod, reason: reason, message: message, fieldPath: containerField(i))
        }
        switch step {
        case .pending:
            try await writePodStatus(&runtime, .creating, api)
            runtime.sandboxSince = RFC3339.seconds(now + 300_000_000)
            runtime.podIP = allocatePodIP(hostNetwork: pod[path: ["spec", "hostNetwork"]]?.boolValue == true)
            if !runtime.containers.isEmpty { schedule(.pod(uid: uid, step: .pull(0)), at: now + delay(api, 300, 900)) }
        case .pull(let i):
            let container = runtime.containers[i]
            let spec = (pod[path: ["spec", "containers"]]?.elements ?? []).first { $0["name"]?.stringValue == container.name }
            let policy = spec?["imagePullPolicy"]?.stringValue ?? "IfNotPresent"
            if policy != "Always", images.contains(container.image) {
                try await podEvent("Pulled", "Container image \"\(container.specImage)\" already present on machine", i)
                schedule(.pod(uid: uid, step: .create(i)), at: now + delay(api, 10, 50))
            } else {
                try await podEvent("Pulling", "Pulling image \"\(container.specImage)\"", i)
                let pullMs = Int64(1000 + api.withRandom { $0.below(4001) })
                schedule(.pod(uid: uid, step: .pulled(i, milliseconds: pullMs)), at: now + pullMs * 1_000_000)
            }
        case .pulled(let i, let ms):
            let container = runtime.containers[i]
            let took = goDurationText(milliseconds: ms)
            if !images.contains(container.image) { images.append(container.image) }
            try await podEvent("Pulled", "Successfully pulled image \"\(container.specImage)\" in \(took) (\(took) including waiting). "
                + "Image size: \(container.image.sizeBytes) bytes.", i)
            schedule(.pod(uid: uid, step: .create(i)), at: now + delay(api, 10, 50))
        case .create(let i):
            runtime.containers[i].containerID = api.withRandom { $0.hex(bytes: 32) }
            let createdMessage = api.kubeVersion >= .init(major: 1, minor: 32) ? "Created container: " : "Created container "
            try await podEvent("Created", createdMessage + runtime.containers[i].name, i)
            schedule(.pod(uid: uid, step: .start(i)), at: now + delay(api, 30, 120))
        case .start(let i):
            runtime.containers[i].startedAt = RFC3339.seconds(now)
            try await podEvent("Started", "Started container \(runtime.containers[i].name)", i)
            if i + 1 < runtime.containers.count {
                schedule(.pod(uid: uid, step: .pull(i + 1)), at: now + delay(api, 10, 50))
            } else {
                schedule(.pod(uid: uid, step: .running), at: now + delay(api, 200, 800))
            }
        case .running:
            runtime.readySince = RFC3339.seconds(now)
            runtime.running = true
            try await writePodStatus(&runtime, .running, api)
            if Self.ownedByJob(pod) {
                schedule(.pod(uid: uid, step: .complete), at: now + delay(api, 2000, 5000))
            }
        case .complete:
            for i in runtime.containers.indices { runtime.containers[i].finishedAt = RFC3339.seconds(now) }
            runtime.running = false
            try await writePodStatus(&runtime, .succeeded, api)
        case .kill:
            if runtime.running {
                for i in runtime.containers.indices where runtime.containers[i].startedAt != nil {
                    try await podEvent("Killing", "Stopping container \(runtime.containers[i].name)", i)
                }
                schedule(.pod(uid: uid, step: .delete), at: now + delay(api, 300, 1000))
                pods[uid] = runtime
                return
            }
            schedule(.pod(uid: uid, step: .delete), at: now + delay(api, 5, 30))
        case .delete:
            if runtime.running {
                for i in runtime.containers.indices { runtime.containers[i].finishedAt = RFC3339.seconds(now) }
                runtime.running = false
                // Containers that exited cleanly after SIGTERM leave the pod Succeeded.
                try? await writePodStatus(&runtime, .succeeded, api)
            }
            let podResource = try api.resource(apiVersion: "v1", kind: "Pod")
            do {
                try await api.delete(podResource, namespace: pod[path: ["metadata", "namespace"]]?.stringValue ?? "",
                                     name: pod[path: ["metadata", "name"]]?.stringValue ?? "",
                                     options: DeleteOptions(gracePeriodSeconds: 0, preconditionUID: uid), manager: Self.manager)
            } catch { if !(error.code == 404 || error.code == 409) { throw error }}
            pods[uid] = nil
            return
        }
        pods[uid] = runtime
    }

    private static func ownedByJob(_ pod: JSONValue) -> Bool {
        (pod[path: ["metadata", "ownerReferences"]]?.elements ?? []).contains {
            $0["kind"]?.stringValue == "Job" && ($0["apiVersion"]?.stringValue ?? "").hasPrefix("batch/")
        }
    }

    private func writePodStatus(_ runtime: inout PodRuntime, _ stage: KubeletPodStatus.Stage, _ api: APIServer) async throws {
        let builder = KubeletPodStatus(pod: runtime.pod, containers: runtime.containers, hostIP: spec.internalIP,
                                       podIP: runtime.podIP, startTime: runtime.startTime, kubeVersion: api.kubeVersion,
                                       now: api.clock.timestamp(), readySince: runtime.readySince, sandboxSince: runtime.sandboxSince,
                                       initializedSince: runtime.startTime)
        var pod = runtime.pod
        pod.set(builder.status(stage), at: "status")
        pod.remove(at: "metadata", "resourceVersion")
        do {
            runtime.pod = try await api.update(pod, manager: Self.manager, subresource: "status")
        } catch { if !(error.code == 404) { throw error }}
    }

    /// host-local IPAM: addresses from the node's range in order, starting at .2 (.1 is the gateway).
    private func allocatePodIP(hostNetwork: Bool) -> String? {
        if hostNetwork { return spec.internalIP }
        let parts = podCIDR.split(separator: "/")
        guard parts.count == 2, let bits = UInt32(parts[1]), bits <= 30 else { return nil }
        let octets = parts[0].split(separator: ".").compactMap { UInt32($0) }
        guard octets.count == 4 else { return nil }
        let base = octets.reduce(0) { $0 << 8 | $1 }
        let size = UInt32(1) << (32 - bits)
        if nextPodIP >= size - 1 { nextPodIP = 2 }
        let ip = base + nextPodIP
        nextPodIP += 1
        return [ip >> 24, ip >> 16 & 255, ip >> 8 & 255, ip & 255].map(String.init).joined(separator: ".")
    }
}

extension EventRecorder {
    /// Two events about one object in the same nanosecond would get the same name; a real
    /// component never writes them that close, so move the clock on by a microsecond and retry.
    @discardableResult
    func recordAvoidingNameClash(_ api: APIServer, about object: JSONValue, type: String = "Normal", reason: String,
                                 message: String, fieldPath: String? = nil, action: String? = nil) async throws -> JSONValue {
        for _ in 0..<8 {
            do {
                return try await record(api, about: object, type: type, reason: reason, message: message,
                                        fieldPath: fieldPath, action: action)
            } catch { guard let apiError = error as? APIError, apiError.code == 409 else { throw error }
                api.clock.advance(nanoseconds: 1000)
            }
        }
        return try await record(api, about: object, type: type, reason: reason, message: message, fieldPath: fieldPath, action: action)
    }
}
