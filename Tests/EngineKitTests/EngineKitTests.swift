import EngineKit
import GoJSON
import Testing

@Suite struct RFC3339Tests {
    @Test func knownInstants() {
        #expect(RFC3339.seconds(0) == "1970-01-01T00:00:00Z")
        // 2024-02-29T23:59:59Z is 1709251199 (a leap day, checked with `date -u -d @1709251199`).
        #expect(RFC3339.seconds(1_709_251_199 * 1_000_000_000) == "2024-02-29T23:59:59Z")
        #expect(RFC3339.micros(1_709_251_199 * 1_000_000_000 + 1_234_567) == "2024-02-29T23:59:59.001234Z")
        #expect(RFC3339.seconds(-1_000_000_000) == "1969-12-31T23:59:59Z")
    }

    @Test func clockStartsAtTheFixedOriginAndOnlyMovesForward() {
        let clock = EngineClock()
        #expect(clock.timestamp() == "2026-06-01T08:00:00Z")
        clock.advance(seconds: 90)
        #expect(clock.timestamp() == "2026-06-01T08:01:30Z")
        clock.advance(seconds: -5)
        #expect(clock.timestamp() == "2026-06-01T08:01:30Z")
    }
}

@Suite struct EngineRandomTests {
    @Test func sameSeedSameSequence() {
        var a = EngineRandom(seed: 42), b = EngineRandom(seed: 42), c = EngineRandom(seed: 43)
        let xa = (0..<5).map { _ in a.next() }
        #expect(xa == (0..<5).map { _ in b.next() })
        #expect(xa != (0..<5).map { _ in c.next() })
    }

    @Test func suffixUsesKubernetesAlphabet() {
        var r = EngineRandom(seed: 7)
        let allowed = Set("bcdfghjklmnpqrstvwxz2456789")
        for _ in 0..<200 {
            let s = r.nameSuffix()
            #expect(s.count == 5)
            #expect(s.allSatisfy { allowed.contains($0) })
        }
    }

    @Test func uuidIsVersion4() {
        var r = EngineRandom(seed: 1)
        for _ in 0..<50 {
            let u = Array(r.uuid())
            #expect(u.count == 36)
            #expect(u[8] == "-" && u[13] == "-" && u[18] == "-" && u[23] == "-")
            #expect(u[14] == "4")
            #expect("89ab".contains(u[19]))
        }
    }
}

@Suite struct ObjectPathTests {
    @Test func setKeepsOrderAndCreatesParents() {
        var o = JSONValue.object([JSONMember("a", .int(1)), JSONMember("b", .int(2))])
        o.set(.string("x"), at: "a")
        o.set(.bool(true), at: "c", "d")
        #expect(JSONWriter.compactString(o) == #"{"a":"x","b":2,"c":{"d":true}}"#)
        o.setDefault(.int(9), at: "b")
        o.setDefault(.int(9), at: "e")
        #expect(o["b"] == .int(2))
        #expect(o["e"] == .int(9))
        let removed = o.remove(at: "c", "d")
        let notThere = o.remove(at: "c", "zz")
        #expect(removed && !notThere)
        #expect(JSONWriter.compactString(o) == #"{"a":"x","b":2,"c":{},"e":9}"#)
    }
}
