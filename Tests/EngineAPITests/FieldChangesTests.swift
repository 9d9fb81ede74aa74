@testable import EngineAPI
import EngineStore
import EtcdModel
import Foundation
import GoJSON
import KubeSchema
import Testing

/// The field manager's update works from what changed between two versions. `changes(from:to:)`
/// finds that by walking both versions together; these tests hold it against the plain
/// comparison of both versions flattened (`fieldValues`), on every successive pair of stored
/// versions in a generated demo cluster and on hand-made edge cases; and the lazy reading of
/// managedFields entries against parsing them.
@Suite struct FieldChangesTests {
    static let demoDB = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/clusters/demo-1.35.db").path

    static let scopes: [(only: Set<String>?, excluding: Set<String>)] = [(nil, []), (nil, ["status"]), (["status"], [])]
    let builder = FieldSetBuilder()

    func flattened(_ old: JSONValue, _ new: JSONValue, type: Int32, only: Set<String>?, excluding: Set<String>) -> FieldChanges {
        var expected = FieldChanges()
        expected.add(from: builder.fieldValues(of: old, type: type, only: only, excluding: excluding),
                     to: builder.fieldValues(of: new, type: type, only: only, excluding: excluding))
        return expected
    }

    func expectSameChanges(_ old: JSONValue, _ new: JSONValue, type: Int32, _ label: String) {
        for scope in Self.scopes {
            let expected = flattened(old, new, type: type, only: scope.only, excluding: scope.excluding)
            let got = builder.changes(from: old, to: new, type: type, only: scope.only, excluding: scope.excluding)
            #expect(got.changed == expected.changed, "\(label) \(scope): changed paths differ")
            #expect(got.removed == expected.removed, "\(label) \(scope): removed paths differ")
        }
    }

    /// Every version of every live key with the version before it, decoded.
    func successiveVersions() throws -> [(old: JSONValue, new: JSONValue, key: String)] {
        let store = try EmbeddedStore.load(from: Self.demoDB)
        let codec = ObjectCodec()
        var pairs: [(JSONValue, JSONValue, String)] = []
        for kv in try store.range(.prefix(Array("/registry/".utf8))).kvs {
            var newer = kv
            while newer.version > 1,
                  let older = try store.range(KVRangeRequest(key: newer.key, revision: newer.modRevision - 1)).kvs.first {
                pairs.append((try codec.decode(older.value), try codec.decode(newer.value), String(decoding: kv.key, as: UTF8.self)))
                newer = older
            }
        }
        return pairs
    }

    @Test func walkingBothVersionsFindsWhatFlatteningFinds() throws {
        let pairs = try successiveVersions()
        // The demo cluster updates pods, workloads, nodes and leases many times.
        #expect(pairs.count > 200)
        var compared = 0
        for (old, new, key) in pairs {
            guard let type = Schema.builtIn.type(apiVersion: new["apiVersion"]?.stringValue ?? "",
                                                 kind: new["kind"]?.stringValue ?? "") else { continue }
            expectSameChanges(old, new, type: type, key)
            expectSameChanges(new, old, type: type, key + " (reversed)")
            compared += 1
        }
        #expect(compared > 200)
    }

    @Test func edgeCasesMatchTheFlattenedComparison() throws {
        let type = try #require(Schema.builtIn.type(apiVersion: "v1", kind: "Pod"))
        let base = try JSONParser.parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"d","labels":{"a":"1"},"uid":"u"},
             "spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80}]}],"nodeSelector":{"x":"y"},
                     "securityContext":{}},
             "status":{"phase":"Pending","conditions":[{"type":"Ready","status":"False"}]}}
            """)
        let variants = try [
            // Duplicate member names at the top and inside a struct: the last value wins in Go.
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"2"}},"metadata":{"name":"p","labels":{"b":"1"}}}"#,
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"hostname":"a","hostname":"b","containers":[]}}"#,
            // Members the schema does not know, inside and at the top.
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"bogus":1,"containers":[{"name":"c","image":"i"}]},"extra":true}"#,
            // A struct that becomes empty or null, a pointer struct that appears.
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"1"}},"spec":{}}"#,
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"1"}},"spec":null}"#,
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"securityContext":{"runAsUser":1},"affinity":{"nodeAffinity":{}}}}"#,
            // Only ignored metadata; keyed list items that change key; a set list.
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"q","uid":"v","resourceVersion":"3"}}"#,
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","finalizers":["a","b"]},"spec":{"containers":[{"name":"d","image":"i","ports":[{"containerPort":81,"protocol":"UDP"}]}]}}"#,
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"},{"type":"Ready","status":"False"}]}}"#,
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","name":"e"}]}}"#,
            // Keyed items that keep their keys and places while their members change, appear, go
            // or turn null; items that swap places; a key member that is missing.
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"j","ports":[{"containerPort":80,"name":"http"}]}]},"status":{"conditions":[{"type":"Ready","status":"True","reason":""}]}}"#,
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"status":{"conditions":[{"type":"Ready","status":"True"},{"type":"Initialized","status":"True","lastTransitionTime":null}]}}"#,
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"status":{"conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"False","message":"m"}]}}"#,
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"status":{"conditions":[{"type":"Ready","status":"True","bogus":{"x":1}},{"status":"True"}]}}"#,
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80},{"containerPort":80,"protocol":"UDP"}],"env":[{"name":"A","value":"1"}]}]}}"#,
        ].map { try JSONParser.parse($0) }
        for (i, variant) in variants.enumerated() {
            expectSameChanges(base, variant, type: type, "variant \(i)")
            expectSameChanges(variant, base, type: type, "variant \(i) (reversed)")
            for (j, other) in variants.enumerated() where j != i {
                expectSameChanges(variant, other, type: type, "variants \(i) → \(j)")
            }
        }
    }

    /// The managedFields entries of every live object in the demo cluster, by key.
    func demoEntries() throws -> [(key: String, entries: [ManagedFieldsEntry])] {
        let store = try EmbeddedStore.load(from: Self.demoDB)
        let codec = ObjectCodec()
        return try store.range(.prefix(Array("/registry/".utf8))).kvs.map { kv in
            (String(decoding: kv.key, as: UTF8.self), ManagedFieldsTracker.entries(of: try codec.decode(kv.value)))
        }
    }

    @Test func unparsedEntriesAnswerAsParsedOnes() throws {
        var checked = 0
        for (key, entries) in try demoEntries() {
            let parsedSets = entries.map { entry -> FieldSet in
                var copy = entry
                return copy.fields
            }
            // Paths of every entry of the object, their parents, and a path that is nowhere.
            var probes = Set<FieldPath>([FieldPath(["f:nowhere"]), FieldPath(["f:spec", "f:nowhere"])])
            for set in parsedSets {
                for path in set.paths {
                    probes.insert(path)
                    let elements = path.elements
                    if elements.count > 1 { probes.insert(FieldPath(Array(elements.dropLast()))) }
                }
            }
            for (entry, parsed) in zip(entries, parsedSets) {
                #expect(entry.isEmpty == parsed.isEmpty)
                // Rendering the parsed set gives back what was stored (SMD's order, "." first).
                if let stored = entry.original?["fieldsV1"] { #expect(parsed.fieldsV1 == stored, "\(key)") }
                for probe in probes {
                    #expect(entry.containsAny(of: [probe]) == parsed.paths.contains(probe), "\(probe)")
                    checked += 1
                }
            }
        }
        #expect(checked > 1000)
        // Forms the engine never writes but a stored object could hold.
        for (text, expectedPaths) in [
            (#"{}"#, [[String]]()),
            (#"{".":{}}"#, [[]]),
            (#"{"f:a":5}"#, []),
            (#"{"f:a":{}}"#, [["f:a"]]),
            (#"{"f:a":{".":{},"f:b":{}},"f:a":{"f:c":{}}}"#, [["f:a"], ["f:a", "f:b"], ["f:a", "f:c"]]),
        ] {
            let value = try JSONParser.parse(text)
            let expected = Set(expectedPaths.map(FieldPath.init))
            #expect(FieldSet(fieldsV1: value).paths == expected, "\(text)")
            #expect(FieldSet.hasAnyPath(value) == !expected.isEmpty, "\(text)")
            for path in expected where !path.isRoot { #expect(FieldSet.contains(path, in: value), "\(text) \(path)") }
            #expect(!FieldSet.contains(FieldPath(["f:a", "f:z"]), in: value), "\(text)")
        }
    }

    /// A writer setting only fields it already owns keeps its FieldsV1 as read instead of
    /// rendering it again: for every entry stored in the demo cluster, that is the rendering of
    /// its set, and a write that adds or removes a path still renders the new set.
    @Test func ownersUnchangedFieldsAreWrittenAsRendered() throws {
        var checked = 0
        for (key, entries) in try demoEntries() {
            for (i, entry) in entries.enumerated() where entry.operation == "Update" {
                var copy = entry
                let owned = copy.fields
                guard let some = owned.paths.first(where: { !$0.isRoot }) else { continue }
                func written(_ changes: FieldChanges) -> JSONValue? {
                    let result = ManagedFieldsTracker.update(entries: entries, changes: changes, manager: entry.manager,
                                                             subresource: entry.subresource, apiVersion: entry.apiVersion,
                                                             time: "2030-01-01T00:00:00Z")
                    return result.first { $0.manager == entry.manager && $0.subresource == entry.subresource && $0.time.hasPrefix("2030") }?.json
                }
                let same = written(FieldChanges(changed: [some], removed: []))
                #expect(same?["fieldsV1"] == owned.fieldsV1, "\(key) #\(i)")
                #expect(same?["time"]?.stringValue == "2030-01-01T00:00:00Z")
                let added = FieldPath(["f:metadata", "f:labels", "f:strata-test"])
                let grown = written(FieldChanges(changed: [some, added], removed: []))
                #expect(grown?["fieldsV1"] == owned.union(FieldSet([added])).fieldsV1, "\(key) #\(i)")
                if owned.paths.count > 1 {
                    let shrunk = written(FieldChanges(changed: [], removed: [some]))
                    #expect(shrunk == nil)  // nothing set: the entry keeps its old time
                    let both = written(FieldChanges(changed: [added], removed: [some]))
                    #expect(both?["fieldsV1"] == owned.subtracting([some]).union(FieldSet([added])).fieldsV1, "\(key) #\(i)")
                }
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    @Test func pathsSortInStructuredMergeDiffOrder() {
        // Field names, then keys, then values, then other kinds; each by bytes; a path before
        // its extensions; a shorter element before a longer one it starts.
        let ordered: [[String]] = [
            ["f:a"], ["f:a", "f:b"], ["f:a", "k:{\"x\":1}"], ["f:a", "v:1"], ["f:a", "i:0"], ["f:ab"], ["f:b"],
            ["k:{\"name\":\"a\"}"], ["k:{\"name\":\"a\"}", "f:x"], ["k:{\"name\":\"b\"}"], ["v:\"a\""], ["i:1"],
        ]
        let paths = ordered.map(FieldPath.init)
        for i in paths.indices {
            for j in paths.indices {
                #expect((paths[i] < paths[j]) == (i < j), "\(ordered[i]) vs \(ordered[j])")
            }
        }
        #expect(paths.shuffled().sorted() == paths)
        // The rendering nests in that order, with "." for a member that has children.
        let rendered = FieldSet(Set(paths)).fieldsV1
        var out: [UInt8] = []
        JSONWriter.compact(rendered, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"{"f:a":{".":{},"f:b":{},"k:{\"x\":1}":{},"v:1":{},"i:0":{}},"f:ab":{},"f:b":{},"k:{\"name\":\"a\"}":{".":{},"f:x":{}},"k:{\"name\":\"b\"}":{},"v:\"a\"":{},"i:1":{}}"#)
    }

    /// Whether `object` has the field a managed-fields path names: a member for `f:`, a list item
    /// with those key values for `k:`, a set item for `v:`.
    static func objectHas(_ path: [String], in object: JSONValue) -> Bool {
        var current = [object]
        for element in path {
            var next: [JSONValue] = []
            for value in current {
                if element.hasPrefix("f:"), let member = value[String(element.dropFirst(2))] {
                    next.append(member)
                } else if element.hasPrefix("k:"), case .array(let items) = value,
                          let keys = try? JSONParser.parse(Array(element.dropFirst(2).utf8)), case .object(let wanted) = keys {
                    next += items.filter { item in wanted.allSatisfy { item[$0.key] == $0.value } }
                } else if element.hasPrefix("v:"), case .array(let items) = value,
                          let wanted = try? JSONParser.parse(Array(element.dropFirst(2).utf8)) {
                    next += items.filter { $0 == wanted }
                }
            }
            if next.isEmpty { return false }
            current = next
        }
        return true
    }

    /// The field manager records fields the object has: a zero that encoding/json leaves out
    /// (omitempty) is not owned by anyone. Checked on every stored version of every key.
    @Test func managedFieldsNameOnlyFieldsTheObjectHas() throws {
        let store = try EmbeddedStore.load(from: Self.demoDB)
        let codec = ObjectCodec()
        var checked = 0
        for kv in try store.range(.prefix(Array("/registry/".utf8))).kvs {
            var version: KeyValue? = kv
            while let current = version {
                let object = try codec.decode(current.value)
                for entry in ManagedFieldsTracker.entries(of: object) {
                    var copy = entry
                    for path in copy.fields.paths {
                        #expect(Self.objectHas(path.elements, in: object),
                                "\(String(decoding: kv.key, as: UTF8.self))@\(current.modRevision) \(entry.manager): \(path.elements)")
                        checked += 1
                    }
                }
                version = current.version > 1
                    ? try store.range(KVRangeRequest(key: current.key, revision: current.modRevision - 1)).kvs.first : nil
            }
        }
        #expect(checked > 5000)
    }

    /// A create renders its FieldsV1 in one walk; it must be what the path set renders, for
    /// every stored version of every object in the demo cluster and every upstream kind.
    @Test func creatingRendersWhatThePathSetRenders() throws {
        let store = try EmbeddedStore.load(from: Self.demoDB)
        let codec = ObjectCodec()
        var objects: [JSONValue] = []
        for kv in try store.range(.prefix(Array("/registry/".utf8))).kvs {
            var version: KeyValue? = kv
            while let current = version {
                objects.append(try codec.decode(current.value))
                version = current.version > 1
                    ? try store.range(KVRangeRequest(key: current.key, revision: current.modRevision - 1)).kvs.first : nil
            }
        }
        // The upstream kinds in ../shared beside the repository (STRATA_SHARED overrides, as for the codec tests).
        let shared = ProcessInfo.processInfo.environment["STRATA_SHARED"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().resolvingSymlinksInPath()
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")
        let upstream = shared.appendingPathComponent("fixtures/kubernetes-api/HEAD")
        for name in try FileManager.default.contentsOfDirectory(atPath: upstream.path) where name.hasSuffix(".json") {
            objects.append(try JSONParser.parse([UInt8](Data(contentsOf: upstream.appendingPathComponent(name)))))
        }
        #expect(objects.count > 700)
        var compared = 0
        for object in objects {
            guard let type = Schema.builtIn.type(apiVersion: object["apiVersion"]?.stringValue ?? "",
                                                 kind: object["kind"]?.stringValue ?? "") else { continue }
            for excluding in [Set<String>(), ["status"]] {
                let expected = FieldSet(builder.fieldValues(of: object, type: type, excluding: excluding).allPaths).fieldsV1
                #expect(builder.fieldsV1(of: object, type: type, excluding: excluding) == expected,
                        "\(object["kind"]?.stringValue ?? "") \(object[path: ["metadata", "name"]]?.stringValue ?? "")")
                compared += 1
            }
        }
        #expect(compared > 1000)
        // A repeated list key merges in the path set: the one-walk form declines it.
        let pod = try JSONParser.parse(#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"x"},{"name":"a","image":"y"}]}}"#)
        let podType = try #require(Schema.builtIn.type(apiVersion: "v1", kind: "Pod"))
        #expect(builder.fieldsV1(of: pod, type: podType) == nil)
    }
}
