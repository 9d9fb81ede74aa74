import Foundation
import Testing
@testable import KubeResources

struct ResourceTableTests {
    /// Kinds in the API reference that kube-apiserver never writes to etcd (requests, reviews,
    /// options, subresources and discovery documents).
    static let notPersisted: Set<String> = [
        "core/APIGroup", "core/APIResourceList", "core/APIVersions", "core/Binding", "core/ComponentStatus",
        "core/CreateOptions", "core/DeleteOptions", "core/GetOptions", "core/List", "core/ListOptions",
        "core/NodeProxyOptions", "core/PatchOptions", "core/PodAttachOptions", "core/PodExecOptions",
        "core/PodLogOptions", "core/PodPortForwardOptions", "core/PodProxyOptions", "core/SerializedReference",
        "core/ServiceProxyOptions", "core/Status", "core/UpdateOptions", "core/WatchEvent",
        "admission.k8s.io/AdmissionReview", "apidiscovery.k8s.io/APIGroupDiscovery",
        "apiextensions.k8s.io/ConversionReview", "apps/DeploymentRollback", "apps/Scale", "autoscaling/Scale",
        "extensions/DeploymentRollback", "extensions/Scale",
        "authentication.k8s.io/SelfSubjectReview", "authentication.k8s.io/TokenRequest", "authentication.k8s.io/TokenReview",
        "authorization.k8s.io/LocalSubjectAccessReview", "authorization.k8s.io/SelfSubjectAccessReview",
        "authorization.k8s.io/SelfSubjectRulesReview", "authorization.k8s.io/SubjectAccessReview",
        "imagepolicy.k8s.io/ImageReview", "policy/Eviction", "lifecycle.k8s.io/Eviction",
        "meta.k8s.io/PartialObjectMetadata", "meta.k8s.io/Table", "meta.k8s.io/TableOptions",
    ]

    static func referenceKinds() throws -> [(group: String, kind: String, versions: [String])] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("api-kinds.tsv")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let f = line.split(separator: "\t").map(String.init)
            guard f.count == 3 else { return nil }
            return (f[0] == "core" ? "" : f[0], f[1], f[2].split(separator: ",").map(String.init))
        }
    }

    @Test func everyPersistedReferenceKindHasARow() throws {
        let kinds = try Self.referenceKinds()
        #expect(kinds.count > 100)
        var missing: [String] = []
        for k in kinds where !Self.notPersisted.contains((k.group.isEmpty ? "core" : k.group) + "/" + k.kind) {
            let row = BuiltinResources.all.first { $0.group == k.group && $0.kind == k.kind }
            if row == nil { missing.append("\(k.group)/\(k.kind)") }
        }
        #expect(missing == [])
    }

    @Test func storageVersionsAreServedVersions() throws {
        let kinds = try Self.referenceKinds()
        for row in BuiltinResources.all {
            guard let k = kinds.first(where: { $0.group == row.group && $0.kind == row.kind }) else {
                Issue.record("row \(row.qualifiedName) has no kind in the reference")
                continue
            }
            #expect(k.versions.contains(row.storageVersion), "\(row.qualifiedName) stores \(row.storageVersion), reference has \(k.versions)")
        }
    }

    @Test func namesAreUniqueWithinAGroup() {
        var seen: [String: String] = [:]
        for row in BuiltinResources.all {
            for name in Set([row.plural, row.singular, row.kind.lowercased()] + row.shortNames) {
                let key = row.group + "/" + name
                #expect(seen[key] == nil, "\(key) used by \(seen[key] ?? "") and \(row.kind)")
                seen[key] = row.kind
            }
        }
    }

    @Test func keyPrefixesHaveNoSlashesAtTheEnds() {
        for row in BuiltinResources.all {
            #expect(!row.keyPrefix.hasPrefix("/") && !row.keyPrefix.hasSuffix("/") && !row.keyPrefix.isEmpty)
        }
    }

    @Test func customResourceDefinitionFromStoredJSON() throws {
        let crd = #"{"kind":"CustomResourceDefinition","apiVersion":"apiextensions.k8s.io/v1beta1","metadata":{"name":"certificates.cert-manager.io"},"spec":{"group":"cert-manager.io","names":{"plural":"certificates","singular":"certificate","shortNames":["cert","certs"],"kind":"Certificate"},"scope":"Namespaced","versions":[{"name":"v1alpha2","served":true,"storage":false},{"name":"v1","served":true,"storage":true}]}}"#
        let info = try #require(CustomResourceDefinitions.resourceInfo(fromStoredJSON: Array(crd.utf8)))
        #expect(info.keyPrefix == "cert-manager.io/certificates")
        #expect(info.storageVersion == "v1")
        #expect(info.namespaced)
        #expect(info.encoding == .json)
        let table = ResourceTable.builtin.adding([info])
        #expect(try ResourceAddress(resource: "cert", name: "tls", namespace: "p").resolve(in: table).key
                == "/registry/cert-manager.io/certificates/p/tls")
        #expect(try ResourceAddress(resource: "certificates", name: "tls").resolve(in: table).key
                == "/registry/cert-manager.io/certificates/default/tls")
        let cluster = #"{"spec":{"group":"cert-manager.io","names":{"plural":"clusterissuers","kind":"ClusterIssuer"},"scope":"Cluster","version":"v1beta1"}}"#
        let ci = try #require(CustomResourceDefinitions.resourceInfo(fromStoredJSON: Array(cluster.utf8)))
        #expect(!ci.namespaced && ci.singular == "clusterissuer" && ci.storageVersion == "v1beta1")
        #expect(try ResourceAddress(resource: "clusterissuers.cert-manager.io", name: "le").resolve(in: table.adding([ci])).key
                == "/registry/cert-manager.io/clusterissuers/le")
        #expect(CustomResourceDefinitions.resourceInfo(fromStoredJSON: Array("k8s\0garbage".utf8)) == nil)
        #expect(CustomResourceDefinitions.resourceInfo(fromStoredJSON: Array("{\"spec\":{}}".utf8)) == nil)
    }
}
