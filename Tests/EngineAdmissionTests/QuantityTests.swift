import EngineAdmission
import EngineKit
import GoJSON
import Testing

@Suite struct QuantityTests {
    /// resource.Quantity's canonical spelling, after SetDefaults_ResourceList's milli round-up.
    @Test(arguments: [
        ("100m", "100m"), ("128Mi", "128Mi"), ("1", "1"), ("4", "4"), ("110", "110"), ("0", "0"),
        ("1000m", "1"), ("1500m", "1500m"), ("1.5", "1500m"), ("0.5", "500m"), ("0.1", "100m"),
        ("1000", "1k"), ("2000000", "2M"), ("10G", "10G"), ("1024Mi", "1Gi"), ("1536Mi", "1536Mi"),
        ("0.5Gi", "512Mi"), ("1.5Gi", "1536Mi"), ("0.5Ki", "512"), ("1000Ki", "1000Ki"), ("16318412Ki", "16318412Ki"),
        ("100u", "1m"), ("1e3", "1e3"), ("12e6", "12e6"), ("2000e-3", "2"), ("1.25", "1250m"),
    ])
    func canonicalText(input: String, stored: String) {
        var pod = json(#"{"spec":{"containers":[{"name":"c","image":"a:1","resources":{"requests":{"cpu":"0"}}}]}}"#)
        pod.set(.array([.object(["name": .string("c"), "image": .string("a:1"),
                                 "resources": .object(["requests": .object(["cpu": .string(input)])])])]), at: "spec", "containers")
        KubeAdmission(kubeVersion: .newest).applyDefaults(&pod, resource: resource("Pod", group: ""), kubeVersion: .newest)
        #expect(pod[path: "spec", "containers"]?.elements?.first?.text("resources", "requests", "cpu") == stored)
    }

    @Test func nodeCapacityAndClaimRequests() {
        var node = json(#"{"status":{"capacity":{"cpu":"4000m","memory":"2048Mi"}}}"#)
        KubeAdmission(kubeVersion: .newest).applyDefaults(&node, resource: resource("Node", group: ""), kubeVersion: .newest)
        #expect(node.at("status", "capacity") == json(#"{"cpu":"4","memory":"2Gi"}"#))
        #expect(node.at("status", "allocatable") == json(#"{"cpu":"4","memory":"2Gi"}"#))
        var claim = json(#"{"spec":{"resources":{"requests":{"storage":"1024Mi"}}}}"#)
        KubeAdmission(kubeVersion: .newest).applyDefaults(&claim, resource: resource("PersistentVolumeClaim", group: ""), kubeVersion: .newest)
        #expect(claim.text("spec", "resources", "requests", "storage") == "1Gi")
    }
}
