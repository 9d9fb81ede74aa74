import EngineAPI
import EngineControllers
import EngineKit
import EngineStore
import GoJSON
import Testing

@Suite struct EventRecorderTests {
    @Test func legacyEventsAreNamedByCreationTimeAndCounted() async throws {
        let clock = EngineClock()
        let store = EmbeddedStore(configuration: .init(seed: 1, clock: clock))
        let api = try APIServer(store: store, clock: clock, seed: 1)
        let node = JSONValue.object([JSONMember("apiVersion", .string("v1")), JSONMember("kind", .string("Node")),
                                     JSONMember("metadata", .object([JSONMember("name", .string("n1")), JSONMember("uid", .string("u1"))]))])
        let recorder = EventRecorder(component: "kubelet", host: "n1", manager: "kubelet")
        let first = try await recorder.record(api, about: node, reason: "Starting", message: "Starting kubelet.")
        // A cluster-scoped object's events live in `default`; the suffix is the hex UnixNano.
        #expect(first[path: "metadata", "namespace"]?.stringValue == "default")
        #expect(first[path: "metadata", "name"]?.stringValue == "n1." + String(UInt64(clock.unixNanoseconds), radix: 16))
        #expect(first["reportingInstance"]?.stringValue == "n1")
        clock.advance(seconds: 5)
        let again = try await recorder.record(api, about: node, reason: "Starting", message: "Starting kubelet.")
        #expect(again[path: "metadata", "name"] == first[path: "metadata", "name"])
        #expect(again["count"] == .int(2))
        #expect(again["lastTimestamp"]?.stringValue == "2026-06-01T08:00:05Z")
    }
}
