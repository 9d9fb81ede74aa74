import EngineAdmission
import EngineKit
import GoJSON
import KubeCodec
import Testing

@Suite struct PodDefaultsTests {
    let minimalPod = #"{"metadata":{"name":"web","namespace":"default"},"spec":{"containers":[{"name":"nginx","image":"nginx","ports":[{"containerPort":80}]}]}}"#

    @Test func minimalPodGetsThePodSpecAndPodOnlyDefaults() throws {
        let pod = try create("Pod", minimalPod, in: .standard())
        // cluster-writes.md §3.3: spec defaults of a Pod.
        #expect(pod.text("spec", "restartPolicy") == "Always")
        #expect(pod.at("spec", "terminationGracePeriodSeconds") == .number("30"))
        #expect(pod.text("spec", "dnsPolicy") == "ClusterFirst")
        #expect(pod.text("spec", "schedulerName") == "default-scheduler")
        #expect(pod.at("spec", "securityContext") == .object([]))
        #expect(pod.at("spec", "enableServiceLinks") == .bool(true))
        let c = try #require(pod.at("spec", "containers")?.elements?.first)
        #expect(c.text("terminationMessagePath") == "/dev/termination-log")
        #expect(c.text("terminationMessagePolicy") == "File")
        #expect(c.text("imagePullPolicy") == "Always")
        #expect(c.at("resources") == .object([]))
        #expect(c.at("ports") == json(#"[{"containerPort":80,"protocol":"TCP"}]"#))
    }

    @Test(arguments: [
        ("nginx", "Always"), ("nginx:latest", "Always"), ("nginx:1.27", "IfNotPresent"),
        ("registry.k8s.io/pause:3.10", "IfNotPresent"), ("localhost:5000/app", "Always"),
        ("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent"),
        ("nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "Always"),
        ("Nginx", "IfNotPresent"),
    ])
    func imagePullPolicyFollowsTheTag(image: String, policy: String) throws {
        var pod = json(#"{"spec":{"containers":[{"name":"c"}]}}"#)
        pod.set(.array([.object(["name": .string("c"), "image": .string(image)])]), at: "spec", "containers")
        KubeAdmission(kubeVersion: .newest).applyDefaults(&pod, resource: resource("Pod", group: ""), kubeVersion: .newest)
        #expect(pod[path: "spec", "containers"]?.elements?.first?.text("imagePullPolicy") == policy)
    }

    @Test func explicitValuesAreKept() {
        var pod = json(#"{"spec":{"restartPolicy":"Never","terminationGracePeriodSeconds":5,"enableServiceLinks":false,"containers":[{"name":"c","image":"a:1","imagePullPolicy":"Never","terminationMessagePolicy":"FallbackToLogsOnError"}]}}"#)
        KubeAdmission(kubeVersion: .newest).applyDefaults(&pod, resource: resource("Pod", group: ""), kubeVersion: .newest)
        #expect(pod.text("spec", "restartPolicy") == "Never")
        #expect(pod.at("spec", "terminationGracePeriodSeconds") == .number("5"))
        #expect(pod.at("spec", "enableServiceLinks") == .bool(false))
        #expect(pod.at("spec", "containers")?.elements?.first?.text("imagePullPolicy") == "Never")
        #expect(pod.at("spec", "containers")?.elements?.first?.text("terminationMessagePolicy") == "FallbackToLogsOnError")
    }

    @Test func probesAndHandlersAreDefaulted() {
        var pod = json(#"{"spec":{"containers":[{"name":"c","image":"a:1","livenessProbe":{"httpGet":{"port":8080}},"readinessProbe":{"tcpSocket":{"port":80},"periodSeconds":3},"lifecycle":{"preStop":{"httpGet":{"port":80,"path":"/stop"}}}}]}}"#)
        KubeAdmission(kubeVersion: .newest).applyDefaults(&pod, resource: resource("Pod", group: ""), kubeVersion: .newest)
        let c = pod.at("spec", "containers")?.elements?.first ?? .null
        #expect(c.at("livenessProbe") == json(#"{"httpGet":{"port":8080,"path":"/","scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3}"#))
        #expect(c.at("readinessProbe", "periodSeconds") == .number("3"))
        #expect(c.at("readinessProbe", "failureThreshold") == .number("3"))
        #expect(c.at("lifecycle", "preStop", "httpGet") == json(#"{"port":80,"path":"/stop","scheme":"HTTP"}"#))
        #expect(c.at("startupProbe") == nil)
    }

    @Test func volumesAndFieldRefsAreDefaulted() {
        var pod = json(#"{"spec":{"containers":[{"name":"c","image":"a:1","env":[{"name":"NODE","valueFrom":{"fieldRef":{"fieldPath":"spec.nodeName"}}}]}],"volumes":[{"name":"scratch"},{"name":"cfg","configMap":{"name":"settings"}},{"name":"s","secret":{"secretName":"x","defaultMode":256}},{"name":"h","hostPath":{"path":"/var"}},{"name":"t","projected":{"sources":[{"serviceAccountToken":{"path":"tok"}}]}}]}}"#)
        KubeAdmission(kubeVersion: .newest).applyDefaults(&pod, resource: resource("Pod", group: ""), kubeVersion: .newest)
        let volumes = pod.at("spec", "volumes")?.elements ?? []
        #expect(volumes[0] == json(#"{"name":"scratch","emptyDir":{}}"#))
        #expect(volumes[1].at("configMap", "defaultMode") == .number("420"))
        #expect(volumes[2].at("secret", "defaultMode") == .number("256"))
        #expect(volumes[3].at("hostPath", "type") == .string(""))
        #expect(volumes[4] == json(#"{"name":"t","projected":{"sources":[{"serviceAccountToken":{"path":"tok","expirationSeconds":3600}}],"defaultMode":420}}"#))
        #expect(pod.at("spec", "containers")?.elements?.first?.at("env")?.elements?.first?.at("valueFrom", "fieldRef", "apiVersion") == .string("v1"))
    }

    @Test func podRequestsDefaultToLimitsButTemplatesDoNot() throws {
        let limitsOnly = #"{"name":"c","image":"a:1","resources":{"limits":{"cpu":"500m","memory":"128Mi"}}}"#
        var pod = json(#"{"spec":{"containers":["# + limitsOnly + "]}}")
        KubeAdmission(kubeVersion: .newest).applyDefaults(&pod, resource: resource("Pod", group: ""), kubeVersion: .newest)
        #expect(pod.at("spec", "containers")?.elements?.first?.at("resources", "requests") == json(#"{"cpu":"500m","memory":"128Mi"}"#))

        var deployment = json(#"{"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":["# + limitsOnly + "]}}}}")
        KubeAdmission(kubeVersion: .newest).applyDefaults(&deployment, resource: resource("Deployment", group: "apps"), kubeVersion: .newest)
        let c = deployment.at("spec", "template", "spec", "containers")?.elements?.first
        #expect(c?.at("resources", "requests") == nil)
        #expect(c?.at("resizePolicy") == nil)
    }

    @Test func resizePolicyAppearsFrom133() {
        let text = #"{"spec":{"containers":[{"name":"c","image":"a:1","resources":{"requests":{"memory":"64Mi","cpu":"100m"}}}]}}"#
        var new = json(text), old = json(text)
        let admission = KubeAdmission(kubeVersion: .newest)
        admission.applyDefaults(&new, resource: resource("Pod", group: ""), kubeVersion: KubeVersion(major: 1, minor: 33))
        admission.applyDefaults(&old, resource: resource("Pod", group: ""), kubeVersion: KubeVersion(major: 1, minor: 32))
        #expect(new.at("spec", "containers")?.elements?.first?.at("resizePolicy")
                == json(#"[{"resourceName":"cpu","restartPolicy":"NotRequired"},{"resourceName":"memory","restartPolicy":"NotRequired"}]"#))
        #expect(old.at("spec", "containers")?.elements?.first?.at("resizePolicy") == nil)
    }

    @Test func templatesGetNoPodOnlyDefaultsNorAdmission() throws {
        let cluster = TestCluster.standard()
        let d = try create("Deployment", group: "apps", #"{"metadata":{"name":"web","namespace":"default"},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}"#, in: cluster)
        let spec = try #require(d.at("spec", "template", "spec"))
        #expect(spec.text("restartPolicy") == "Always")
        #expect(spec.text("schedulerName") == "default-scheduler")
        #expect(spec.at("securityContext") == .object([]))
        for podOnly in ["enableServiceLinks", "priority", "preemptionPolicy", "tolerations", "volumes", "serviceAccountName", "serviceAccount"] {
            #expect(spec[podOnly] == nil, "template got \(podOnly)")
        }
        #expect(spec.at("containers")?.elements?.first?.at("volumeMounts") == nil)
        #expect(cluster.handedOutSuffixes.isEmpty)
    }

    @Test func deprecatedServiceAccountMirrorsTheName() throws {
        let cluster = TestCluster.standard()
        cluster.store("serviceaccounts", namespace: "default", name: "builder", json(#"{"metadata":{"name":"builder"}}"#))
        let pod = try create("Pod", #"{"metadata":{"name":"p","namespace":"default"},"spec":{"serviceAccount":"builder","containers":[{"name":"c","image":"a:1"}]}}"#, in: cluster)
        #expect(pod.text("spec", "serviceAccountName") == "builder")
        #expect(pod.text("spec", "serviceAccount") == "builder")
        let d = try create("Deployment", group: "apps", #"{"metadata":{"name":"d","namespace":"default"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"serviceAccountName":"builder","containers":[{"name":"c","image":"a:1"}]}}}}"#, in: cluster)
        #expect(d.text("spec", "template", "spec", "serviceAccount") == "builder")
    }
}
