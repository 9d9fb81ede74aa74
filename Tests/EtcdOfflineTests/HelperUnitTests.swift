import Foundation
import StrataCore
import Testing

@Suite struct HelperUnitTests {
    @Test func lineDiffHunks() {
        let a = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        let b = ["a", "b", "c", "d", "E", "f", "g", "h", "i", "j"]
        let text = HistoryLineDiff.unified(a, b, from: "x@1", to: "x@2", context: 1)
        #expect(text == """
            --- x@1
            +++ x@2
            @@ -4,3 +4,3 @@
             d
            -e
            +E
             f
            @@ -9,1 +9,2 @@
             i
            +j

            """)
        #expect(HistoryLineDiff.unified(a, a, from: "", to: "").isEmpty)
        #expect(HistoryLineDiff.edits([], ["x"]) == [.added("x")])
    }

    @Test func exportLayoutNeverEscapesTheDirectory() {
        func path(_ key: String, object: Bool = true) -> String {
            ExportLayout.relativePath(for: Array(key.utf8), isObject: object)
        }
        #expect(path("/registry/pods/default/web-0") == "pods/default/web-0.yaml")
        #expect(path("/registry/namespaces/default") == "namespaces/default.yaml")
        #expect(path("/registry/apiregistration.k8s.io/apiservices/v1.apps") == "apiservices.apiregistration.k8s.io/v1.apps.yaml")
        #expect(path("/plain/a", object: false) == "_other/plain/a.raw")
        #expect(path("/registry/x/../../etc/passwd") == "x/%2E%2E/%2E%2E/etc/passwd.yaml")
        #expect(path("/registry/x//y") == "x/%/y.yaml")
        #expect(path("compact_rev_key", object: false) == "_other/compact_rev_key.raw")
        #expect(path("/registry/a b/\u{1}") == "a%20b/%01.yaml")
        let long = path("/registry/x/" + String(repeating: "n", count: 400))
        #expect(long.split(separator: "/").allSatisfy { $0.utf8.count <= 255 })
    }

    @Test func typeMetaFromJSONSkipsNestedKinds() {
        let json = #"{"metadata":{"ownerReferences":[{"kind":"ReplicaSet","apiVersion":"apps/v1"}]},"kind":"Pod","apiVersion":"v1"}"#
        let meta = Array(json.utf8).withUnsafeBytes { AnalyzeTypeMeta.typeMeta(of: $0) }
        #expect(meta?.apiVersion == "v1")
        #expect(meta?.kind == "Pod")
        #expect(Array("plain".utf8).withUnsafeBytes { AnalyzeTypeMeta.typeMeta(of: $0) } == nil)
        #expect(Array("k8s:enc:aescbc:v1:key:xxxx".utf8).withUnsafeBytes { AnalyzeTypeMeta.encoding(of: $0) } == .encrypted)
        // A truncated envelope is no object, and no crash.
        #expect([0x6B, 0x38, 0x73, 0x00, 0x0A, 0x7F].withUnsafeBytes { AnalyzeTypeMeta.typeMeta(of: $0) } == nil)
    }

    @Test func typeMetaFromProtobufFixtures() throws {
        for (file, apiVersion, kind) in [("core.v1.Pod.pb", "v1", "Pod"), ("apps.v1.Deployment.pb", "apps/v1", "Deployment")] {
            let bytes = [UInt8](try RecordedScenario.fixture(file))
            let meta = bytes.withUnsafeBytes { AnalyzeTypeMeta.typeMeta(of: $0) }
            #expect(meta?.apiVersion == apiVersion)
            #expect(meta?.kind == kind)
        }
    }

    @Test func keyGroups() {
        func g(_ k: String) -> String { Array(k.utf8).withUnsafeBytes { AnalyzeKeyGroup.group(of: $0) } }
        #expect(g("/registry/pods/default/x") == "/registry/pods")
        #expect(g("/registry/apiregistration.k8s.io/apiservices/v1.") == "/registry/apiregistration.k8s.io/apiservices")
        #expect(g("/registry/masterleases/10.0.0.1") == "/registry/masterleases")
        #expect(g("/other/thing") == "/other")
        #expect(g("compact_rev_key") == "(no path)")
    }
}
