import EngineAdmission
import EngineKit
import GoJSON
import Testing

@Suite struct ServiceAccountAdmissionTests {
    let pod = #"{"metadata":{"name":"web","namespace":"default"},"spec":{"initContainers":[{"name":"init","image":"busybox:1.36"}],"containers":[{"name":"nginx","image":"nginx"}]}}"#

    @Test func defaultAccountAndProjectedTokenVolume() throws {
        let cluster = TestCluster.standard()
        let out = try create("Pod", pod, in: cluster)
        #expect(out.text("spec", "serviceAccountName") == "default")
        #expect(out.text("spec", "serviceAccount") == "default")
        #expect(cluster.handedOutSuffixes == ["x7k2p"])
        // cluster-writes.md §3.3: the volume exactly as the ServiceAccount plugin writes it.
        let expected = json(#"""
        [{"name":"kube-api-access-x7k2p","projected":{"sources":[
          {"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},
          {"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},
          {"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}
        ],"defaultMode":420}}]
        """#)
        #expect(out.at("spec", "volumes") == expected)
        let mount = json(#"[{"name":"kube-api-access-x7k2p","readOnly":true,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}]"#)
        #expect(out.at("spec", "containers")?.elements?.first?.at("volumeMounts") == mount)
        #expect(out.at("spec", "initContainers")?.elements?.first?.at("volumeMounts") == mount)
    }

    @Test func automountFalseOnPodOrAccountSkipsTheVolume() throws {
        let cluster = TestCluster.standard()
        let off = try create("Pod", #"{"metadata":{"name":"a","namespace":"default"},"spec":{"automountServiceAccountToken":false,"containers":[{"name":"c","image":"a:1"}]}}"#, in: cluster)
        #expect(off.at("spec", "volumes") == nil)
        cluster.store("serviceaccounts", namespace: "default", name: "quiet", json(#"{"metadata":{"name":"quiet"},"automountServiceAccountToken":false,"imagePullSecrets":[{"name":"regcred"}]}"#))
        let quiet = try create("Pod", #"{"metadata":{"name":"b","namespace":"default"},"spec":{"serviceAccountName":"quiet","containers":[{"name":"c","image":"a:1"}]}}"#, in: cluster)
        #expect(quiet.at("spec", "volumes") == nil)
        #expect(quiet.at("spec", "imagePullSecrets") == json(#"[{"name":"regcred"}]"#))
        #expect(cluster.handedOutSuffixes.isEmpty)
    }

    @Test func containerWithItsOwnMountAtTheTokenPathIsLeftAlone() throws {
        let out = try create("Pod", #"{"metadata":{"name":"a","namespace":"default"},"spec":{"containers":[{"name":"own","image":"a:1","volumeMounts":[{"name":"mine","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}]},{"name":"other","image":"b:1"}],"volumes":[{"name":"mine","emptyDir":{}}]}}"#, in: .standard())
        let containers = out.at("spec", "containers")?.elements ?? []
        #expect(containers[0].at("volumeMounts")?.elements?.count == 1)
        #expect(containers[1].at("volumeMounts")?.elements?.first?.text("name") == "kube-api-access-x7k2p")
        #expect(out.at("spec", "volumes")?.elements?.count == 2)
    }

    @Test func missingAccountIsRefusedWithKubeApiserversMessage() {
        let error = createError("Pod", #"{"metadata":{"name":"web","namespace":"default"},"spec":{"serviceAccountName":"ghost","containers":[{"name":"c","image":"a:1"}]}}"#, in: .standard())
        #expect(error?.code == 403)
        #expect(error?.reason == .forbidden)
        #expect(error?.message == #"pods "web" is forbidden: error looking up service account default/ghost: serviceaccount "ghost" not found"#)
    }

    @Test func missingAccountIsAcceptedWhenNotRequired() throws {
        let cluster = TestCluster.standard()
        let policy = KubeAdmission(kubeVersion: cluster.kubeVersion, requireServiceAccounts: false)
        let out = try create("Pod", #"{"metadata":{"name":"web","namespace":"default"},"spec":{"serviceAccountName":"ghost","containers":[{"name":"c","image":"a:1"}]}}"#, in: cluster, policy: policy)
        #expect(out.at("spec", "volumes")?.elements?.first?.text("name") == "kube-api-access-x7k2p")
    }

    @Test func mirrorPodsGetNoCredentials() throws {
        let out = try create("Pod", #"{"metadata":{"name":"etcd-node1","namespace":"default","annotations":{"kubernetes.io/config.mirror":"abc"}},"spec":{"containers":[{"name":"etcd","image":"etcd:3.5"}]}}"#, in: .standard())
        #expect(out.at("spec", "serviceAccountName") == nil)
        #expect(out.at("spec", "volumes") == nil)
    }
}

@Suite struct TolerationAndPriorityTests {
    let notReady = json(#"{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}"#)
    let unreachable = json(#"{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}"#)

    @Test func bothTolerationsAreAdded() throws {
        let out = try create("Pod", #"{"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"c","image":"a:1"}]}}"#, in: .standard())
        #expect(out.at("spec", "tolerations") == .array([notReady, unreachable]))
    }

    @Test func anExistingNoExecuteTolerationIsNotDuplicated() throws {
        let own = json(#"{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":30}"#)
        let out = try create("Pod", #"{"metadata":{"name":"p","namespace":"default"},"spec":{"tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":30}],"containers":[{"name":"c","image":"a:1"}]}}"#, in: .standard())
        #expect(out.at("spec", "tolerations") == .array([own, unreachable]))
    }

    @Test func aTolerateEverythingTolerationAddsNothing() throws {
        let out = try create("Pod", #"{"metadata":{"name":"p","namespace":"default"},"spec":{"tolerations":[{"operator":"Exists"}],"containers":[{"name":"c","image":"a:1"}]}}"#, in: .standard())
        #expect(out.at("spec", "tolerations")?.elements?.count == 1)
    }

    @Test func priorityDefaultsToZeroAndPreemptLowerPriority() throws {
        let out = try create("Pod", #"{"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"c","image":"a:1"}]}}"#, in: .standard())
        #expect(out.at("spec", "priority") == .number("0"))
        #expect(out.text("spec", "preemptionPolicy") == "PreemptLowerPriority")
        #expect(out.at("spec", "priorityClassName") == nil)
    }

    @Test func priorityComesFromTheNamedClass() throws {
        let cluster = TestCluster.standard()
        let critical = try create("Pod", #"{"metadata":{"name":"p","namespace":"default"},"spec":{"priorityClassName":"system-node-critical","containers":[{"name":"c","image":"a:1"}]}}"#, in: cluster)
        #expect(critical.at("spec", "priority") == .number("2000001000"))
        let never = try create("Pod", #"{"metadata":{"name":"q","namespace":"default"},"spec":{"priorityClassName":"no-preempt","containers":[{"name":"c","image":"a:1"}]}}"#, in: cluster)
        #expect(never.text("spec", "preemptionPolicy") == "Never")
    }

    @Test func unknownClassAndConflictingPriorityAreForbidden() {
        let cluster = TestCluster.standard()
        let missing = createError("Pod", #"{"metadata":{"name":"p","namespace":"default"},"spec":{"priorityClassName":"gold","containers":[{"name":"c","image":"a:1"}]}}"#, in: cluster)
        #expect(missing?.message == #"pods "p" is forbidden: no PriorityClass with name gold was found"#)
        let conflict = createError("Pod", #"{"metadata":{"name":"p","namespace":"default"},"spec":{"priority":5,"containers":[{"name":"c","image":"a:1"}]}}"#, in: cluster)
        #expect(conflict?.code == 403)
        #expect(conflict?.message == #"pods "p" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name"#)
    }
}

@Suite struct PodStatusTests {
    func qos(_ containers: String) throws -> String? {
        try create("Pod", #"{"metadata":{"name":"p","namespace":"default"},"spec":{"containers":"# + containers + "}}", in: .standard())
            .text("status", "qosClass")
    }

    @Test func createdPodIsPendingWithAQOSClass() throws {
        let out = try create("Pod", #"{"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"c","image":"a:1"}]},"status":{"phase":"Running","podIP":"10.0.0.1"}}"#, in: .standard())
        #expect(out.at("status") == json(#"{"phase":"Pending","qosClass":"BestEffort"}"#))
    }

    @Test func qosClasses() throws {
        #expect(try qos(#"[{"name":"c","image":"a:1"}]"#) == "BestEffort")
        #expect(try qos(#"[{"name":"c","image":"a:1","resources":{"requests":{"cpu":"100m"}}}]"#) == "Burstable")
        #expect(try qos(#"[{"name":"c","image":"a:1","resources":{"requests":{"cpu":"1","memory":"1Gi"},"limits":{"cpu":"1000m","memory":"1024Mi"}}}]"#) == "Guaranteed")
        // Limits alone: requests default to them, so the pod is Guaranteed.
        #expect(try qos(#"[{"name":"c","image":"a:1","resources":{"limits":{"cpu":"500m","memory":"128Mi"}}}]"#) == "Guaranteed")
        // Every container must limit both cpu and memory.
        #expect(try qos(#"[{"name":"a","image":"a:1","resources":{"limits":{"cpu":"1","memory":"1Gi"}}},{"name":"b","image":"b:1","resources":{"limits":{"cpu":"1"}}}]"#) == "Burstable")
        // Requests below limits.
        #expect(try qos(#"[{"name":"c","image":"a:1","resources":{"requests":{"cpu":"500m","memory":"1Gi"},"limits":{"cpu":"1","memory":"1Gi"}}}]"#) == "Burstable")
        // Only cpu and memory count.
        #expect(try qos(#"[{"name":"c","image":"a:1","resources":{"requests":{"ephemeral-storage":"1Gi"}}}]"#) == "BestEffort")
        #expect(try qos(#"[{"name":"c","image":"a:1","resources":{"requests":{"cpu":"0"}}}]"#) == "BestEffort")
    }

    @Test func schedulingGatesAddTheGatedCondition() throws {
        let out = try create("Pod", #"{"metadata":{"name":"p","namespace":"default","creationTimestamp":"2026-06-01T08:00:00Z"},"spec":{"schedulingGates":[{"name":"wait"}],"containers":[{"name":"c","image":"a:1"}]}}"#, in: .standard())
        #expect(out.at("status", "conditions") == json(#"[{"type":"PodScheduled","status":"False","lastProbeTime":null,"lastTransitionTime":"2026-06-01T08:00:00Z","reason":"SchedulingGated","message":"Scheduling is blocked due to non-empty scheduling gates"}]"#))
        #expect(out.text("status", "qosClass") == "BestEffort")
    }
}
