import EngineAdmission
import EngineKit
import GoJSON
import Testing

@Suite struct ImmutabilityTests {
    func updateError(_ kind: String, group: String = "", old: JSONValue, new: JSONValue, cluster: TestCluster = .standard()) -> APIError? {
        do {
            _ = try update(kind, group: group, old: old, new: new, in: cluster)
            return nil
        } catch {
            return error
        }
    }

    @Test func deploymentSelector() throws {
        let cluster = TestCluster.standard()
        let stored = try create("Deployment", group: "apps", #"{"metadata":{"name":"web","namespace":"default"},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web","v":"2"}},"spec":{"containers":[{"name":"c","image":"a:1"}]}}}}"#, in: cluster)
        var changed = stored
        changed.set(json(#"{"matchLabels":{"app":"web","v":"2"}}"#), at: "spec", "selector")
        let error = updateError("Deployment", group: "apps", old: stored, new: changed, cluster: cluster)
        #expect(error?.message == #"Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"#)
        var scaled = stored
        scaled.set(.int(3), at: "spec", "replicas")
        let out = try update("Deployment", group: "apps", old: stored, new: scaled, in: cluster)
        #expect(out.at("spec", "replicas") == .number("3"))
    }

    @Test func metadataIdentity() throws {
        let stored = json(#"{"metadata":{"name":"c","namespace":"default","uid":"1111"},"data":{"a":"b"}}"#)
        let renamed = json(#"{"metadata":{"name":"d","namespace":"default","uid":"2222"},"data":{"a":"b"}}"#)
        let error = updateError("ConfigMap", old: stored, new: renamed)
        #expect(error?.causes.map(\.description) == [
            #"metadata.name: Invalid value: "d": field is immutable"#,
            #"metadata.uid: Invalid value: "2222": field is immutable"#,
        ])
    }

    @Test func immutableConfigMapsAndSecrets() throws {
        let stored = json(#"{"metadata":{"name":"c","namespace":"default"},"immutable":true,"data":{"a":"b"}}"#)
        let changed = json(#"{"metadata":{"name":"c","namespace":"default"},"immutable":true,"data":{"a":"c"}}"#)
        #expect(updateError("ConfigMap", old: stored, new: changed)?.message
                == "ConfigMap \"c\" is invalid: data: Forbidden: field is immutable when `immutable` is set")
        let unlocked = json(#"{"metadata":{"name":"c","namespace":"default"},"immutable":false,"data":{"a":"b"}}"#)
        #expect(updateError("ConfigMap", old: stored, new: unlocked)?.causes.map(\.path) == ["immutable"])
        // Labels may still change.
        _ = try update("ConfigMap", old: stored, new: json(#"{"metadata":{"name":"c","namespace":"default","labels":{"x":"y"}},"immutable":true,"data":{"a":"b"}}"#), in: .standard())
        let secret = json(#"{"metadata":{"name":"s","namespace":"default"},"type":"Opaque"}"#)
        let retyped = json(#"{"metadata":{"name":"s","namespace":"default"},"type":"kubernetes.io/tls"}"#)
        #expect(updateError("Secret", old: secret, new: retyped)?.causes.map(\.description) == [#"type: Invalid value: "kubernetes.io/tls": field is immutable"#])
    }

    @Test func serviceClusterIPs() throws {
        let stored = json(#"{"metadata":{"name":"web","namespace":"default"},"spec":{"type":"ClusterIP","clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],"ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","ports":[{"port":80,"protocol":"TCP","targetPort":80}]}}"#)
        let moved = json(#"{"metadata":{"name":"web","namespace":"default"},"spec":{"clusterIP":"10.96.0.11","clusterIPs":["10.96.0.11"],"ports":[{"port":80}]}}"#)
        #expect(updateError("Service", old: stored, new: moved)?.causes.map(\.description) == [
            #"spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set"#,
        ])
        // Leaving the allocated values out keeps them.
        let kept = try update("Service", old: stored, new: json(#"{"metadata":{"name":"web","namespace":"default"},"spec":{"ports":[{"port":81}]}}"#), in: .standard())
        #expect(kept.text("spec", "clusterIP") == "10.96.0.10")
        #expect(kept.at("spec", "clusterIPs") == json(#"["10.96.0.10"]"#))
        #expect(kept.text("spec", "ipFamilyPolicy") == "SingleStack")
    }

    @Test func podSpecIsFrozenExceptImagesAndTolerations() throws {
        let cluster = TestCluster.standard()
        let stored = try create("Pod", #"{"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"c","image":"a:1"}]}}"#, in: cluster)
        var newImage = stored
        newImage.forEachElement(at: "spec", "containers") { c, _ in c.set(.string("a:2"), at: "image") }
        newImage.set(.string("changed"), at: "metadata", "labels", "x")
        let out = try update("Pod", old: stored, new: newImage, in: cluster)
        #expect(out.at("spec", "containers")?.elements?.first?.text("image") == "a:2")
        #expect(out.at("status") == stored.at("status"))

        var added = stored
        added.set(.array((stored.at("spec", "tolerations")?.elements ?? []) + [json(#"{"key":"k","operator":"Exists"}"#)]), at: "spec", "tolerations")
        _ = try update("Pod", old: stored, new: added, in: cluster)

        var moved = stored
        moved.set(.string("node-2"), at: "spec", "nodeName")
        let error = updateError("Pod", old: stored, new: moved, cluster: cluster)
        #expect(error?.causes.first?.path == "spec")
        #expect(error?.causes.first?.kind == .forbidden)
        #expect(error?.causes.first?.detail.hasPrefix("pod updates may not change fields other than `spec.containers[*].image`") == true)

        var removed = stored
        removed.set(.array([]), at: "spec", "tolerations")
        #expect(updateError("Pod", old: stored, new: removed, cluster: cluster)?.causes.first?.path == "spec")
    }

    @Test func statefulSetSpecOutsideTheMutableFields() throws {
        let cluster = TestCluster.standard()
        let stored = try create("StatefulSet", group: "apps", #"{"metadata":{"name":"db","namespace":"default"},"spec":{"serviceName":"db","selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"a:1"}]}}}}"#, in: cluster)
        var renamed = stored
        renamed.set(.string("db2"), at: "spec", "serviceName")
        #expect(updateError("StatefulSet", group: "apps", old: stored, new: renamed, cluster: cluster)?.causes.map(\.description) == [
            "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ])
        var scaled = stored
        scaled.set(.int(5), at: "spec", "replicas")
        _ = try update("StatefulSet", group: "apps", old: stored, new: scaled, in: cluster)
    }

    @Test func namespaceFinalizersComeFromTheStoredObject() throws {
        let stored = try create("Namespace", #"{"metadata":{"name":"team-a"}}"#, in: .standard())
        let out = try update("Namespace", old: stored, new: json(#"{"metadata":{"name":"team-a","labels":{"x":"y"}},"spec":{"finalizers":[]}}"#), in: .standard())
        #expect(out.at("spec", "finalizers") == json(#"["kubernetes"]"#))
        #expect(out.text("metadata", "labels", "kubernetes.io/metadata.name") == "team-a")
    }
}
