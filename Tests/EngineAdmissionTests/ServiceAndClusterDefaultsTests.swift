import EngineAdmission
import EngineKit
import GoJSON
import KubeCodec
import Testing

@Suite struct ServiceDefaultsTests {
    @Test func clusterIPService() throws {
        let s = try create("Service", #"{"metadata":{"name":"web","namespace":"default"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}"#, in: .standard())
        // cluster-writes.md §3.6
        #expect(s.text("spec", "type") == "ClusterIP")
        #expect(s.text("spec", "sessionAffinity") == "None")
        #expect(s.at("spec", "ports") == json(#"[{"port":80,"protocol":"TCP","targetPort":80}]"#))
        #expect(s.at("spec", "ipFamilies") == json(#"["IPv4"]"#))
        #expect(s.text("spec", "ipFamilyPolicy") == "SingleStack")
        #expect(s.text("spec", "internalTrafficPolicy") == "Cluster")
        #expect(s.at("spec", "externalTrafficPolicy") == nil)
        #expect(s.at("status") == json(#"{"loadBalancer":{}}"#))
        #expect(s.at("spec", "clusterIP") == nil, "allocation belongs to the API server")
    }

    @Test func namedTargetPortAndNodePortService() throws {
        var s = json(#"{"spec":{"type":"NodePort","ports":[{"port":80,"targetPort":"http","protocol":"UDP"}]}}"#)
        KubeAdmission(kubeVersion: .newest).applyDefaults(&s, resource: resource("Service", group: ""), kubeVersion: .newest)
        #expect(s.at("spec", "ports") == json(#"[{"port":80,"targetPort":"http","protocol":"UDP"}]"#))
        #expect(s.text("spec", "externalTrafficPolicy") == "Cluster")
        #expect(s.at("spec", "allocateLoadBalancerNodePorts") == nil)
    }

    @Test func clientIPAffinityGetsItsTimeout() {
        var s = json(#"{"spec":{"sessionAffinity":"ClientIP","type":"LoadBalancer"}}"#)
        KubeAdmission(kubeVersion: .newest).applyDefaults(&s, resource: resource("Service", group: ""), kubeVersion: .newest)
        #expect(s.at("spec", "sessionAffinityConfig") == json(#"{"clientIP":{"timeoutSeconds":10800}}"#))
        #expect(s.at("spec", "allocateLoadBalancerNodePorts") == .bool(true))
    }

    @Test func headlessSelectorlessServiceRequiresDualStackPolicy() throws {
        let s = try create("Service", #"{"metadata":{"name":"db","namespace":"default"},"spec":{"clusterIP":"None"}}"#, in: .standard())
        #expect(s.text("spec", "ipFamilyPolicy") == "RequireDualStack")
        let ext = try create("Service", #"{"metadata":{"name":"ext","namespace":"default"},"spec":{"type":"ExternalName","externalName":"example.com"}}"#, in: .standard())
        #expect(ext.at("spec", "ipFamilies") == nil)
        #expect(ext.at("spec", "internalTrafficPolicy") == nil)
    }

    @Test func endpointsAndSlicePorts() {
        let admission = KubeAdmission(kubeVersion: .newest)
        var e = json(#"{"subsets":[{"addresses":[{"ip":"10.0.0.1"}],"ports":[{"name":"https","port":6443}]}]}"#)
        admission.applyDefaults(&e, resource: resource("Endpoints", group: ""), kubeVersion: .newest)
        #expect(e.at("subsets")?.elements?.first?.at("ports") == json(#"[{"name":"https","port":6443,"protocol":"TCP"}]"#))
        var slice = json(#"{"addressType":"IPv4","ports":[{"port":53}]}"#)
        admission.applyDefaults(&slice, resource: resource("EndpointSlice", group: "discovery.k8s.io"), kubeVersion: .newest)
        #expect(slice.at("ports") == json(#"[{"port":53,"name":"","protocol":"TCP"}]"#))
    }
}

@Suite struct ClusterObjectDefaultsTests {
    let admission = KubeAdmission(kubeVersion: .newest)

    func defaulted(_ kind: String, group: String = "", _ text: String) -> JSONValue {
        var o = json(text)
        admission.applyDefaults(&o, resource: resource(kind, group: group), kubeVersion: .newest)
        return o
    }

    @Test func secretTypeIsOpaque() {
        #expect(defaulted("Secret", #"{"data":{}}"#).text("type") == "Opaque")
        #expect(defaulted("Secret", #"{"type":"kubernetes.io/tls"}"#).text("type") == "kubernetes.io/tls")
    }

    @Test func priorityClassPreemption() {
        #expect(defaulted("PriorityClass", group: "scheduling.k8s.io", #"{"value":1}"#).text("preemptionPolicy") == "PreemptLowerPriority")
    }

    @Test func rbacApiGroups() {
        let b = defaulted("ClusterRoleBinding", group: "rbac.authorization.k8s.io",
                          #"{"roleRef":{"kind":"ClusterRole","name":"view"},"subjects":[{"kind":"ServiceAccount","name":"d","namespace":"x"},{"kind":"Group","name":"system:nodes"},{"kind":"User","name":"alice","apiGroup":"custom"}]}"#)
        #expect(b.text("roleRef", "apiGroup") == "rbac.authorization.k8s.io")
        let groups = b.at("subjects")?.elements?.map { $0.text("apiGroup") }
        #expect(groups == ["", "rbac.authorization.k8s.io", "custom"])
    }

    @Test func flowControlV1() {
        let fs = defaulted("FlowSchema", group: "flowcontrol.apiserver.k8s.io", #"{"spec":{"priorityLevelConfiguration":{"name":"x"}}}"#)
        #expect(fs.at("spec", "matchingPrecedence") == .number("1000"))
        let limited = defaulted("PriorityLevelConfiguration", group: "flowcontrol.apiserver.k8s.io",
                                #"{"spec":{"type":"Limited","limited":{"limitResponse":{"type":"Queue","queuing":{}}}}}"#)
        #expect(limited.at("spec", "limited") == json(#"{"limitResponse":{"type":"Queue","queuing":{"handSize":8,"queues":64,"queueLengthLimit":50}},"nominalConcurrencyShares":30,"lendablePercent":0}"#))
        let exempt = defaulted("PriorityLevelConfiguration", group: "flowcontrol.apiserver.k8s.io", #"{"spec":{"type":"Exempt","exempt":{}}}"#)
        #expect(exempt.at("spec", "exempt") == json(#"{"nominalConcurrencyShares":0,"lendablePercent":0}"#))
    }

    @Test func kindsWithoutDefaultsAreUntouched() {
        for (kind, group) in [("ConfigMap", ""), ("ServiceAccount", ""), ("Lease", "coordination.k8s.io"), ("ClusterRole", "rbac.authorization.k8s.io"),
                              ("ControllerRevision", "apps"), ("CSINode", "storage.k8s.io"), ("IPAddress", "networking.k8s.io"), ("Event", ""),
                              ("ServiceCIDR", "networking.k8s.io"), ("APIService", "apiregistration.k8s.io"), ("Role", "rbac.authorization.k8s.io")] {
            let text = #"{"metadata":{"name":"x"},"data":{"a":"b"}}"#
            #expect(defaulted(kind, group: group, text) == json(text), "\(kind)")
        }
    }

    @Test func generationAndStatusSubresourceTables() {
        let v135 = KubeAdmission(kubeVersion: KubeVersion(major: 1, minor: 35))
        let v132 = KubeAdmission(kubeVersion: KubeVersion(major: 1, minor: 32))
        for (kind, group) in [("Deployment", "apps"), ("ReplicaSet", "apps"), ("StatefulSet", "apps"), ("DaemonSet", "apps"),
                              ("Job", "batch"), ("EndpointSlice", "discovery.k8s.io"), ("FlowSchema", "flowcontrol.apiserver.k8s.io")] {
            #expect(v135.tracksGeneration(resource(kind, group: group)), "\(kind)")
        }
        for (kind, group) in [("Service", ""), ("ConfigMap", ""), ("Namespace", ""), ("Node", ""), ("Lease", "coordination.k8s.io"),
                              ("PriorityClass", "scheduling.k8s.io"), ("ClusterRole", "rbac.authorization.k8s.io")] {
            #expect(!v135.tracksGeneration(resource(kind, group: group)), "\(kind)")
        }
        #expect(v135.tracksGeneration(resource("Pod", group: "")))
        #expect(!v132.tracksGeneration(resource("Pod", group: "")))
        for (kind, group) in [("Pod", ""), ("Service", ""), ("Namespace", ""), ("Node", ""), ("Deployment", "apps"), ("Job", "batch"),
                              ("APIService", "apiregistration.k8s.io")] {
            #expect(v135.hasStatusSubresource(resource(kind, group: group)), "\(kind)")
        }
        for (kind, group) in [("ConfigMap", ""), ("Secret", ""), ("Lease", "coordination.k8s.io"), ("EndpointSlice", "discovery.k8s.io"),
                              ("ControllerRevision", "apps"), ("Event", "")] {
            #expect(!v135.hasStatusSubresource(resource(kind, group: group)), "\(kind)")
        }
    }
}
