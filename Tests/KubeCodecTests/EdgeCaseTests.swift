import Foundation
import GoJSON
import GoOracle
import GoYAML
import KubeSchema
import Testing
@testable import KubeCodec

/// Cases the upstream fixtures do not cover: zero, empty and absent values, escaping, folding
/// and key order. Expectations come from Go's documented encoding/json rules (the notes'
/// storage-encoding §3–§5) and, for YAML, from the real sigs.k8s.io/yaml run as an oracle.
@Suite struct EdgeCaseTests {
    func stored(_ json: String) throws -> [UInt8] {
        try KubeEncoder().encodeStored(try JSONParser.parse(json))
    }

    func decodeJSON(_ value: [UInt8], version: String = "1.35") throws -> String {
        let decoder = KubeDecoder(options: DecodeOptions(kubeVersion: KubeVersion(version)!))
        return String(decoding: try value.withUnsafeBytes { try decoder.protobufToJSON($0, pretty: false).json }, as: UTF8.self)
    }

    func decodeYAML(_ value: [UInt8], version: String = "1.35") throws -> [UInt8] {
        let decoder = KubeDecoder(options: DecodeOptions(kubeVersion: KubeVersion(version)!))
        return try value.withUnsafeBytes { try decoder.protobufToYAML($0).yaml }
    }

    @Test func absentNonOmitemptyFieldsPrintAsGoZeroValues() throws {
        let json = try decodeJSON(try stored(#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}"#))
        // containers has no omitempty: a nil slice is null; status is a struct: never omitted.
        #expect(json.contains(#""spec":{"containers":null}"#), "\(json)")
        #expect(json.contains(#""status":{}"#), "\(json)")
    }

    @Test func creationTimestampDependsOnVersion() throws {
        let value = try stored(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}"#)
        #expect(try decodeJSON(value, version: "1.33").contains(#""creationTimestamp":null"#))
        #expect(!(try decodeJSON(value, version: "1.34")).contains("creationTimestamp"))
    }

    @Test func pointerZeroIsPrintedButOmitemptyZeroIsNot() throws {
        let value = try stored(#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":0,"paused":false,"minReadySeconds":0},"status":{"observedGeneration":0}}"#)
        let json = try decodeJSON(value)
        #expect(json.contains(#""replicas":0"#), "*int32 set to 0 must be printed: \(json)")
        #expect(!json.contains("minReadySeconds"), "int32 omitempty 0 must be omitted: \(json)")
        #expect(!json.contains("paused"), "bool omitempty false must be omitted: \(json)")
        #expect(json.contains(#""status":{}"#), "\(json)")
    }

    @Test func emptyBytesAndEmptyCollections() throws {
        let value = try stored(#"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","labels":{}},"data":{"empty":"","k":"AAEC"},"immutable":false}"#)
        let json = try decodeJSON(value)
        #expect(json.contains(#""data":{"empty":"","k":"AAEC"}"#), "\(json)")
        #expect(!json.contains("labels"), "an empty map with omitempty is omitted: \(json)")
        #expect(json.contains(#""immutable":false"#), "*bool false is printed: \(json)")
    }

    @Test func goEscapingInJSON() throws {
        let value = try stored(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"html":"<a href=\"x\">&</a>","ctl":"a\u0001b\tc\u2028","uni":"é日本🙂"}}"#)
        let json = try decodeJSON(value)
        #expect(json.contains(#""html":"\u003ca href=\"x\"\u003e\u0026\u003c/a\u003e""#), "\(json)")
        #expect(json.contains(#""ctl":"a\u0001b\tc\u2028""#), "\(json)")
        #expect(json.contains(#""uni":"é日本🙂""#), "\(json)")
    }

    @Test func intOrStringAndQuantitiesCanonical() throws {
        let value = try stored(#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"ports":[{"port":80,"targetPort":"http"},{"port":81,"targetPort":8081}]}}"#)
        let json = try decodeJSON(value)
        #expect(json.contains(#""targetPort":"http""#) && json.contains(#""targetPort":8081"#), "\(json)")
        let pod = try stored(#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":"1.5","memory":"1024Mi"}}}]}}"#)
        let pj = try decodeJSON(pod)
        #expect(pj.contains(#""limits":{"cpu":"1500m","memory":"1Gi"}"#), "quantities are stored canonically: \(pj)")
    }

    @Test func errorsNameTheField() throws {
        let bad = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","ports":[{"containerPort":"http"}]}]}}"#
        #expect(throws: CodecError.self) { try stored(bad) }
        do { _ = try stored(bad) } catch let e as CodecError {
            #expect(e.message == #"spec.containers[0].ports[0].containerPort: expected integer, got "http""#)
        }
        do { _ = try stored(#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","colour":"red"}}"#) } catch let e as CodecError {
            #expect(e.message.hasPrefix("metadata.colour: unknown field"))
        }
        do { _ = try stored(#"{"apiVersion":"example.com/v1","kind":"Widget"}"#) } catch let e as CodecError {
            #expect(e.kind == .unknownKind)
        }
    }

    /// ConfigMaps full of strings that stress go-yaml's quoting, folding, literal blocks and key
    /// order; our YAML must equal sigs.k8s.io/yaml's rendering of our JSON.
    @Test func yamlEqualsGoJSONToYAMLOnTrickyObjects() throws {
        let values: [String] = [
            "", " ", "0", "007", "1e3", "0x1F", "257e8454", "1_000", "yes", "Y", "n", "off", "~", "null", "true",
            "2008-01-01T01:01:01Z", "2008-01-01", "1:20", ".5", "+1", "-.inf", ".nan", "- item", "key: value", "a #b",
            "'quoted'", "\"dq\"", "tab\there", "line1\nline2", "line1\nline2\n", "\n\nlead", " lead space\n", "trail \n",
            "é", "日本語", "🙂", "\u{2028}", "\u{FEFF}x", "\u{85}", "a \u{85} b", "a\u{85}\u{85}\u{85}b", "x  \u{85}  \u{85}y ", "a\u{7}b", "%percent", "@at", "`tick", "!bang", "&amp", "*star",
            String(repeating: "word ", count: 30), String(repeating: "x", count: 120), "a  double  spaced " + String(repeating: "long ", count: 20),
            "colon: " + String(repeating: "folded words ", count: 12),
        ]
        let keys = ["a10", "a9", "A", "a", "_x", "~x", "a-b", "a/b", "a.b", "a01", "a1", "b", "B2", "é", "1", "10", "2", "x" + String(repeating: "y", count: 140)]
        var objects: [[UInt8]] = []
        for (i, v) in values.enumerated() {
            let data = JSONValue.object(keys.enumerated().map { JSONMember($0.element, .string(v + ($0.offset == i % keys.count ? "!" : ""))) })
            let cm = JSONValue.object([
                JSONMember("apiVersion", .string("v1")), JSONMember("kind", .string("ConfigMap")),
                JSONMember("metadata", .object([JSONMember("name", .string("cm\(i)")),
                                                JSONMember("annotations", .object([JSONMember("note", .string(v))]))])),
                JSONMember("data", data),
            ])
            objects.append(try KubeEncoder().encodeStored(cm))
        }
        var jsons: [[UInt8]] = []
        var ours: [[UInt8]] = []
        for o in objects {
            jsons.append(Array(try decodeJSON(o).utf8))
            ours.append(try decodeYAML(o))
        }
        let expected = try GoOracle.run(.jsonToYAML, jsons)
        var mismatches = 0
        for (i, e) in expected.enumerated() {
            guard case .ok(let want) = e else { Issue.record("oracle refused object \(i)"); continue }
            if want != ours[i] {
                mismatches += 1
                Issue.record("object \(i) (\(values[i].debugDescription)): \(firstDifference(ours[i], want))")
            }
        }
        #expect(mismatches == 0)
    }

    /// Every fixture: YAML from protobuf equals the oracle's YAML of our JSON (and so the two
    /// transcoders agree with each other through a real go-yaml).
    @Test func fixtureYAMLAgreesWithOracleOfOurJSON() throws {
        var jsons: [[UInt8]] = []
        var ours: [[UInt8]] = []
        for name in Fixtures.names {
            let pb = try Fixtures.data(name, "pb")
            jsons.append(Array(try decodeJSON(pb).utf8))
            ours.append(try decodeYAML(pb))
        }
        let expected = try GoOracle.run(.jsonToYAML, jsons)
        for (i, e) in expected.enumerated() {
            if case .ok(let want) = e, want == ours[i] { continue }
            Issue.record("\(Fixtures.names[i]) differs from the oracle")
        }
    }
}
