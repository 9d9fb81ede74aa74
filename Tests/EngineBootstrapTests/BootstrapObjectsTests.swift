import EngineKit
import EngineBootstrap
import GoJSON
import KubeCodec
import Testing

private let versions = [33, 34, 35, 36].map { KubeVersion(major: 1, minor: $0) }

private func objects(_ version: KubeVersion) -> [BootstrapObject] {
    BootstrapObjects.apiserverObjects(for: version, settings: BootstrapSettings())
}

private func names(_ list: [BootstrapObject], kind: String) -> [String] {
    list.filter { $0.object["kind"]?.stringValue == kind }.compactMap { $0.object[path: "metadata", "name"]?.stringValue }
}

@Suite struct BootstrapObjectsTests {
    @Test(arguments: versions)
    func everyObjectEncodesForStorage(version: KubeVersion) throws {
        let encoder = KubeEncoder()
        for item in objects(version) {
            let name = item.object[path: "metadata", "name"]?.stringValue ?? "?"
            let result = try encoder.encodeForStorage(item.object, options: .init())
            #expect(!result.bytes.isEmpty, "\(name)")
            #expect(result.warnings.isEmpty, "\(name): \(result.warnings)")
        }
    }

    @Test(arguments: versions)
    func namesAreUniquePerKindAndNamespace(version: KubeVersion) {
        var seen = Set<String>()
        for item in objects(version) {
            let o = item.object
            let key = [o["kind"]?.stringValue ?? "", o[path: "metadata", "namespace"]?.stringValue ?? "",
                       o[path: "metadata", "name"]?.stringValue ?? ""].joined(separator: "/")
            #expect(seen.insert(key).inserted, "duplicate \(key)")
        }
    }

    @Test func countsPerVersion() {
        // Expected counts derived independently of the table: 31 general cluster roles (D1 dump),
        // plus the controller roles the notes list per release.
        let expected: [Int: (clusterRoles: Int, flowSchemas: Int, apiServices: Int)] = [
            33: (66, 13, 20), 34: (68, 11, 21), 35: (68, 11, 21), 36: (69, 11, 21),
        ]
        for version in versions {
            let list = objects(version)
            guard let want = expected[version.minor] else { continue }
            #expect(names(list, kind: "ClusterRole").count == want.clusterRoles, "\(version)")
            #expect(names(list, kind: "ClusterRoleBinding").count == want.clusterRoles - 31 + 12, "\(version)")
            #expect(names(list, kind: "Role").count == 7)
            #expect(names(list, kind: "RoleBinding").count == 7)
            #expect(names(list, kind: "FlowSchema").count == want.flowSchemas, "\(version)")
            #expect(names(list, kind: "PriorityLevelConfiguration").count == 8)
            #expect(names(list, kind: "APIService").count == want.apiServices, "\(version)")
            #expect(names(list, kind: "Namespace") == ["default", "kube-system", "kube-public", "kube-node-lease"])
            #expect(names(list, kind: "PriorityClass").count == 2)
            #expect(names(list, kind: "ConfigMap").count == 2)
        }
    }

    @Test func versionDependentObjects() {
        let fs33 = names(objects(versions[0]), kind: "FlowSchema")
        let fs34 = names(objects(versions[1]), kind: "FlowSchema")
        #expect(fs33.contains("endpoint-controller") && fs33.contains("workload-leader-election"))
        #expect(!fs34.contains("endpoint-controller") && !fs34.contains("workload-leader-election"))
        let roles33 = names(objects(versions[0]), kind: "ClusterRole")
        let roles36 = names(objects(versions[3]), kind: "ClusterRole")
        #expect(!roles33.contains("system:controller:resource-claim-controller"))
        #expect(roles36.contains("system:controller:device-taint-eviction-controller"))
        #expect(names(objects(versions[1]), kind: "APIService").contains("v1.resource.k8s.io"))
        #expect(!names(objects(versions[0]), kind: "APIService").contains("v1.resource.k8s.io"))
    }

    @Test func rbacObjectsCarryBootstrapMarkers() {
        for item in objects(versions[2]) where item.object["apiVersion"]?.stringValue == "rbac.authorization.k8s.io/v1" {
            #expect(item.object[path: "metadata", "labels", "kubernetes.io/bootstrapping"] == .string("rbac-defaults"))
            #expect(item.object[path: "metadata", "annotations", "rbac.authorization.kubernetes.io/autoupdate"] == .string("true"))
            #expect(item.manager == "kube-apiserver")
        }
    }

    @Test func aggregatedRolesHaveSelectorsAndNoRules() throws {
        let list = objects(versions[2])
        for (name, key) in [("admin", "rbac.authorization.k8s.io/aggregate-to-admin"),
                            ("edit", "rbac.authorization.k8s.io/aggregate-to-edit"),
                            ("view", "rbac.authorization.k8s.io/aggregate-to-view")] {
            let role = try #require(list.first { $0.object["kind"] == .string("ClusterRole") && $0.object[path: "metadata", "name"] == .string(name) })
            #expect(role.object["rules"] == nil)
            let selector = role.object[path: "aggregationRule", "clusterRoleSelectors"]?.elements?.first
            #expect(selector?[path: "matchLabels", key] == .string("true"))
        }
    }

    @Test func controllerBindingsPointAtTheirServiceAccount() throws {
        let list = objects(versions[1])
        let binding = try #require(list.first {
            $0.object["kind"] == .string("ClusterRoleBinding")
                && $0.object[path: "metadata", "name"] == .string("system:controller:job-controller")
        })
        let subject = binding.object["subjects"]?.elements?.first
        #expect(subject?["kind"] == .string("ServiceAccount"))
        #expect(subject?["namespace"] == .string("kube-system"))
        #expect(subject?["name"] == .string("job-controller"))
        #expect(binding.object[path: "roleRef", "name"] == .string("system:controller:job-controller"))
    }

    @Test func flowControlObjectsUseTheProducerManager() {
        let list = objects(versions[1])
        let apf = list.filter { $0.object["apiVersion"] == .string("flowcontrol.apiserver.k8s.io/v1") }
        #expect(apf.count == 19)
        for item in apf {
            #expect(item.manager == "api-priority-and-fairness-config-producer-v1")
            #expect(item.object[path: "metadata", "annotations", "apf.kubernetes.io/autoupdate-spec"] == .string("true"))
        }
    }

    @Test func configMapsTakeTheirValuesFromSettings() throws {
        let settings = BootstrapSettings(clientCAPEM: "CA-PEM", requestHeader: .init(clientCAPEM: "PROXY-PEM", uidHeaders: ["X-Remote-Uid"]),
                                         legacyTokenTrackingSince: "2026-01-02")
        let list = BootstrapObjects.apiserverObjects(for: versions[1], settings: settings)
        let auth = try #require(list.first { $0.object[path: "metadata", "name"] == .string("extension-apiserver-authentication") })
        #expect(auth.object[path: "data", "client-ca-file"] == .string("CA-PEM"))
        #expect(auth.object[path: "data", "requestheader-client-ca-file"] == .string("PROXY-PEM"))
        #expect(auth.object[path: "data", "requestheader-username-headers"] == .string("[\"X-Remote-User\"]"))
        #expect(auth.object[path: "data", "requestheader-uid-headers"] == .string("[\"X-Remote-Uid\"]"))
        let tracking = try #require(list.first {
            $0.object[path: "metadata", "name"] == .string("kube-apiserver-legacy-service-account-token-tracking")
        })
        #expect(tracking.object[path: "data", "since"] == .string("2026-01-02"))
        #expect(tracking.object[path: "metadata", "namespace"] == .string("kube-system"))
    }

    @Test func rbacCanBeSwitchedOff() {
        let list = BootstrapObjects.apiserverObjects(for: versions[1], settings: BootstrapSettings(rbacEnabled: false))
        #expect(!list.contains { $0.object["apiVersion"] == .string("rbac.authorization.k8s.io/v1") })
    }

    // Vectors from the notes (§1.1): the first matches a real cluster's lease name.
    @Test func identityLeaseName() {
        #expect(BootstrapObjects.identityLeaseName(hostname: "k8s-controller-01") == "apiserver-2lveot2v6kd5ppz7kzff6tkpmy")
        #expect(BootstrapObjects.identityLeaseName(hostname: "kind-control-plane") == "apiserver-c7uylvfxlbqccnk6myfkwetzze")
    }
}
