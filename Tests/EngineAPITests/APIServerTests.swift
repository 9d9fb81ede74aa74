import EngineAPI
import EngineKit
import EngineStore
import EtcdModel
import GoJSON
import KubeCodec
import KubeResources
import Testing

/// A fresh embedded store and API server on a simulated clock.
struct Harness {
    let store: EmbeddedStore
    let clock: EngineClock
    let api: APIServer

    init(version: KubeVersion = KubeVersion(major: 1, minor: 35), seed: UInt64 = 1) throws {
        clock = EngineClock()
        store = EmbeddedStore(configuration: .init(seed: seed, clock: clock))
        api = try APIServer(store: store, clock: clock, seed: seed, configuration: .init(kubeVersion: version))
    }

    func stored(_ key: String) throws -> KeyValue? {
        try store.range(KVRangeRequest(key: Array(key.utf8))).kvs.first
    }

    func decodeStored(_ key: String) throws -> JSONValue? {
        guard let kv = try stored(key) else { return nil }
        let json = try kv.value.withUnsafeBytes { try KubeDecoder().protobufToJSON($0, pretty: false).json }
        return try JSONParser.parse(json)
    }
}

func pod(_ name: String, generateName: String? = nil, labels: [String: String] = ["run": "nginx"]) -> JSONValue {
    var meta: [JSONMember] = []
    if let generateName { meta.append(JSONMember("generateName", .string(generateName))) } else {
        meta.append(JSONMember("name", .string(name)))
    }
    meta.append(JSONMember("namespace", .string("default")))
    meta.append(JSONMember("labels", .object(labels.sorted { $0.key < $1.key }.map { JSONMember($0.key, .string($0.value)) })))
    return .object([
        JSONMember("apiVersion", .string("v1")),
        JSONMember("kind", .string("Pod")),
        JSONMember("metadata", .object(meta)),
        JSONMember("spec", .object([
            JSONMember("containers", .array([.object([
                JSONMember("name", .string("nginx")),
                JSONMember("image", .string("nginx")),
            ])])),
        ])),
    ])
}

@Suite struct APIServerCreateTests {
    @Test func createStoresWithoutResourceVersionAndReturnsModRevision() async throws {
        let h = try Harness()
        let created = try await h.api.create(pod("web"), manager: "kubectl-run")
        let kv = try #require(try h.stored("/registry/pods/default/web"))
        #expect(created[path: "metadata", "resourceVersion"]?.stringValue == String(kv.modRevision))
        let stored = try #require(try h.decodeStored("/registry/pods/default/web"))
        #expect(stored[path: "metadata", "resourceVersion"] == nil)
        #expect(stored[path: "metadata", "creationTimestamp"]?.stringValue == "2026-06-01T08:00:00Z")
        let uid = try #require(stored[path: "metadata", "uid"]?.stringValue)
        #expect(uid.count == 36)
        // The managedFields shape of a pod created by `kubectl run` in a real cluster (notes §3.4),
        // without the defaulted fields (this server runs with no defaulting).
        let entry = try #require(stored[path: "metadata", "managedFields"]?.elements?.first)
        #expect(entry["manager"]?.stringValue == "kubectl-run")
        #expect(entry["operation"]?.stringValue == "Update")
        #expect(entry["fieldsType"]?.stringValue == "FieldsV1")
        #expect(JSONWriter.compactString(entry["fieldsV1"] ?? .null)
                == #"{"f:metadata":{"f:labels":{".":{},"f:run":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{}}}}}"#)
    }

    @Test func secondCreateIsAlreadyExistsAndWritesNothing() async throws {
        let h = try Harness()
        try await h.api.create(pod("web"), manager: "m")
        let before = h.store.currentRevision()
        await #expect(throws: APIError.alreadyExists("pods", "web")) { try await h.api.create(pod("web"), manager: "m") }
        #expect(h.store.currentRevision() == before)
    }

    @Test func generateNameUsesTheNoVowelAlphabet() async throws {
        let h = try Harness()
        let created = try await h.api.create(pod("", generateName: "web-7d4b9c-"), manager: "m")
        let name = try #require(created[path: "metadata", "name"]?.stringValue)
        #expect(name.hasPrefix("web-7d4b9c-"))
        let suffix = name.dropFirst("web-7d4b9c-".count)
        #expect(suffix.count == 5)
        #expect(suffix.allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
        #expect(created[path: "metadata", "generateName"]?.stringValue == "web-7d4b9c-")
    }

    @Test func unknownKindIsNotFound() async throws {
        let h = try Harness()
        let bad = JSONValue.object([JSONMember("apiVersion", .string("v9")), JSONMember("kind", .string("Nope")),
                                    JSONMember("metadata", .object([JSONMember("name", .string("x"))]))])
        await #expect(throws: APIError.self) { try await h.api.create(bad, manager: "m") }
        #expect(h.store.currentRevision() == 1)
    }

    @Test func sameSeedSameBytes() async throws {
        func run() async throws -> [UInt8] {
            let h = try Harness(seed: 99)
            try await h.api.create(pod("", generateName: "web-"), manager: "m")
            return try h.store.range(.prefix(Array("/registry/".utf8))).kvs.flatMap { $0.key + $0.value }
        }
        #expect(try await run() == run())
    }
}

@Suite struct APIServerUpdateTests {
    @Test func staleResourceVersionConflictsAndWritesNothing() async throws {
        let h = try Harness()
        let created = try await h.api.create(pod("web"), manager: "m")
        var first = created
        first.set(.string("a"), at: "metadata", "labels", "x")
        let updated = try await h.api.update(first, manager: "m")
        #expect(updated[path: "metadata", "resourceVersion"] != created[path: "metadata", "resourceVersion"])
        var stale = created
        stale.set(.string("b"), at: "metadata", "labels", "x")
        let before = h.store.currentRevision()
        await #expect(throws: APIError.conflict("pods", "web")) { try await h.api.update(stale, manager: "m") }
        #expect(h.store.currentRevision() == before)
        #expect(try await h.api.get(h.api.resource(of: stale), namespace: "default", name: "web")[path: "metadata", "labels", "x"] == .string("a"))
    }

    @Test func noOpUpdateMakesNoRevision() async throws {
        let h = try Harness()
        let created = try await h.api.create(pod("web"), manager: "m")
        let before = h.store.currentRevision()
        h.clock.advance(seconds: 30)
        let again = try await h.api.update(created, manager: "m")
        #expect(h.store.currentRevision() == before)
        #expect(again[path: "metadata", "resourceVersion"] == created[path: "metadata", "resourceVersion"])
    }

    @Test func hundredConcurrentStaleUpdatesExactlyOneWins() async throws {
        let h = try Harness()
        let created = try await h.api.create(pod("web"), manager: "m")
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<100 {
                group.addTask {
                    var o = created
                    o.set(.string("v"), at: "metadata", "labels", "writer-\(i)")
                    do { try await h.api.update(o, manager: "m"); return true } catch { return false }
                }
            }
            var wins = 0
            for await ok in group where ok { wins += 1 }
            return wins
        }
        #expect(outcomes == 1)
        let final = try await h.api.get(h.api.resource(of: created), namespace: "default", name: "web")
        let writers = (final[path: "metadata", "labels"]?.members ?? []).filter { $0.key.hasPrefix("writer-") }
        #expect(writers.count == 1)
    }

    @Test func hundredConcurrentRetryingWritersLoseNothing() async throws {
        let h = try Harness()
        let created = try await h.api.create(pod("web"), manager: "m")
        let resource = try h.api.resource(of: created)
        let conflicts = await withTaskGroup(of: Int.self) { group in
            for i in 0..<100 {
                group.addTask {
                    var conflicts = 0
                    while true {
                        do {
                            var o = try await h.api.get(resource, namespace: "default", name: "web")
                            o.set(.string("v"), at: "metadata", "labels", "writer-\(i)")
                            try await h.api.update(o, manager: "m")
                            return conflicts
                        } catch let e as APIError where e.reason == .conflict { conflicts += 1 } catch { return -1_000_000 }
                    }
                }
            }
            var total = 0
            for await c in group { total += c }
            return total
        }
        #expect(conflicts >= 0)
        let final = try await h.api.get(resource, namespace: "default", name: "web")
        let writers = (final[path: "metadata", "labels"]?.members ?? []).filter { $0.key.hasPrefix("writer-") }
        #expect(writers.count == 100)
        // One create plus exactly one revision per successful update.
        #expect(h.store.currentRevision() == 2 + 100)
    }

    @Test func mergePatchSetsAndRemoves() async throws {
        let h = try Harness()
        try await h.api.create(pod("web", labels: ["a": "1", "b": "2"]), manager: "m")
        let r = try h.api.resource(apiVersion: "v1", kind: "Pod")
        let patched = try await h.api.patch(r, namespace: "default", name: "web", mergePatch: .object([
            JSONMember("metadata", .object([JSONMember("labels", .object([JSONMember("a", .null), JSONMember("c", .string("3"))]))])),
        ]), manager: "patcher")
        let labels = patched[path: "metadata", "labels"]?.members?.map(\.key) ?? []
        #expect(labels == ["b", "c"])
        let managers = patched[path: "metadata", "managedFields"]?.elements?.compactMap { $0["manager"]?.stringValue } ?? []
        #expect(managers == ["m", "patcher"])
    }
}

@Suite struct APIServerDeleteAndWatchTests {
    @Test func finalizersHoldDeletionUntilRemoved() async throws {
        let h = try Harness()
        var p = pod("web")
        p.set(.array([.string("example.com/hold")]), at: "metadata", "finalizers")
        try await h.api.create(p, manager: "m")
        let r = try h.api.resource(of: p)
        let marked = try #require(try await h.api.delete(r, namespace: "default", name: "web"))
        #expect(marked[path: "metadata", "deletionTimestamp"]?.stringValue == "2026-06-01T08:00:00Z")
        #expect(try h.stored("/registry/pods/default/web") != nil)
        var cleared = marked
        cleared.set(.array([]), at: "metadata", "finalizers")
        try await h.api.update(cleared, manager: "m")
        #expect(try h.stored("/registry/pods/default/web") == nil)
    }

    @Test func watchSeesChangesInOrder() async throws {
        let h = try Harness()
        let r = try h.api.resource(apiVersion: "v1", kind: "Pod")
        let w = h.api.watch(r, namespace: "default")
        let created = try await h.api.create(pod("web"), manager: "m")
        var changed = created
        changed.set(.string("y"), at: "metadata", "labels", "x")
        try await h.api.update(changed, manager: "m")
        try await h.api.delete(r, namespace: "default", name: "web")
        let events = w.drain()
        #expect(events.map(\.kind) == [.added, .modified, .deleted])
        #expect(events.map(\.revision) == [2, 3, 4])
    }

    @Test func bindingSetsNodeOnceOnly() async throws {
        let h = try Harness()
        try await h.api.create(pod("web"), manager: "m")
        let bound = try await h.api.bind(namespace: "default", pod: "web", node: "node-1")
        #expect(bound[path: "spec", "nodeName"]?.stringValue == "node-1")
        #expect(bound[path: "status", "conditions"]?.elements?.first?["type"]?.stringValue == "PodScheduled")
        await #expect(throws: APIError.self) { try await h.api.bind(namespace: "default", pod: "web", node: "node-2") }
    }

    @Test func eventsShareAnHourLongLeasePerMinute() async throws {
        let h = try Harness()
        func event(_ name: String) -> JSONValue {
            .object([JSONMember("apiVersion", .string("v1")), JSONMember("kind", .string("Event")),
                     JSONMember("metadata", .object([JSONMember("name", .string(name)), JSONMember("namespace", .string("default"))])),
                     JSONMember("involvedObject", .object([JSONMember("kind", .string("Pod")), JSONMember("name", .string("web"))])),
                     JSONMember("reason", .string("Test"))])
        }
        try await h.api.create(event("a"), manager: "m")
        h.clock.advance(seconds: 30)
        try await h.api.create(event("b"), manager: "m")
        h.clock.advance(seconds: 31)
        try await h.api.create(event("c"), manager: "m")
        let a = try #require(try h.stored("/registry/events/default/a")).lease
        let b = try #require(try h.stored("/registry/events/default/b")).lease
        let c = try #require(try h.stored("/registry/events/default/c")).lease
        #expect(a != 0 && a == b && c != a)
        #expect(try h.store.leaseTimeToLive(a).grantedTTL == 3660)
    }
}

@Suite struct APIServerServiceTests {
    func service(_ name: String, clusterIP: String? = nil) -> JSONValue {
        var spec: [JSONMember] = [JSONMember("ports", .array([.object([JSONMember("port", .int(80))])]))]
        if let clusterIP { spec.append(JSONMember("clusterIP", .string(clusterIP))) }
        return .object([JSONMember("apiVersion", .string("v1")), JSONMember("kind", .string("Service")),
                        JSONMember("metadata", .object([JSONMember("name", .string(name)), JSONMember("namespace", .string("default"))])),
                        JSONMember("spec", .object(spec))])
    }

    @Test func clusterIPGetsAnIPAddressObjectFrom133() async throws {
        let h = try Harness(version: KubeVersion(major: 1, minor: 35))
        let svc = try await h.api.create(service("web"), manager: "m")
        let ip = try #require(svc[path: "spec", "clusterIP"]?.stringValue)
        let octets = ip.split(separator: ".").compactMap { Int($0) }
        #expect(octets.count == 4 && octets[0] == 10 && (96...111).contains(octets[1]))  // inside 10.96.0.0/12
        let addr = try #require(try h.decodeStored("/registry/ipaddresses/" + ip))
        #expect(addr[path: "spec", "parentRef", "name"]?.stringValue == "web")
        #expect(try h.stored("/registry/ranges/serviceips") == nil)
        await #expect(throws: APIError.self) { try await h.api.create(service("other", clusterIP: ip), manager: "m") }
        try await h.api.delete(h.api.resource(of: svc), namespace: "default", name: "web")
        #expect(try h.stored("/registry/ipaddresses/" + ip) == nil)
    }

    @Test func bitmapIsWrittenUpTo133() async throws {
        let h = try Harness(version: KubeVersion(major: 1, minor: 33))
        try await h.api.create(service("kubernetes", clusterIP: "10.96.0.1"), manager: "m")
        let range = try #require(try h.decodeStored("/registry/ranges/serviceips"))
        #expect(range["range"]?.stringValue == "10.96.0.0/12")
        #expect(range["data"]?.stringValue == "AQ==")  // bit 0: the first usable address
    }
}
