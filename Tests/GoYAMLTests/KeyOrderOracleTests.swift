import GoJSON
import GoOracle
import Testing
@testable import GoYAML

@Suite struct KeyOrderOracleTests {
    /// For every pair of interesting keys, Go's printed order of a two-key map must be ours.
    @Test func everyKeyPairIsOrderedAsGoOrdersIt() throws {
        let keys = Array(Set(TortureCorpus.keyPool + ["a1b", "a01b", "a1c", "0a", "00a", "a0b", "a00b", "b9", "b10", "Ä", "ä", "ß",
                                                      "x9y", "x10y", "x09y", "v1beta1", "v1", "v1alpha1", "v2", "v10"])).sorted()
        var pairs: [(String, String)] = []
        for i in 0..<keys.count {
            for j in (i + 1)..<keys.count where goYAMLKeyLess(keys[i], keys[j]) != goYAMLKeyLess(keys[j], keys[i]) {
                pairs.append((keys[i], keys[j]))
            }
        }
        let docs: [JSONValue] = pairs.map { .object([JSONMember($0.0, .number("1")), JSONMember($0.1, .number("2"))]) }
        let results = try GoOracle.run(.jsonToYAML, docs.map { TestJSON.write($0) })
        var agree = 0
        var disagreements: [String] = []
        for (k, doc) in docs.enumerated() {
            if results[k] == .ok(YAMLEmitter.yaml(from: doc)) {
                agree += 1
            } else if disagreements.count < 10 {
                disagreements.append("\(pairs[k])")
            }
        }
        print("GoYAML key order: \(agree) of \(pairs.count) key pairs ordered as Go orders them")
        #expect(pairs.count > 3000)
        #expect(agree == pairs.count, "\(disagreements)")
    }

    @Test func documentedExamples() {
        // go-yaml's natural order: a non-letter sorts before a letter ("_x" first), letters by
        // code point ("A" < "No" < "a"), a prefix first ("a" < "a/b"), digit runs numerically
        // ("a9" < "a10") where a non-digit counts as 0 ("a~b" < "a9"), other non-letters by
        // code point ('/' < '_' < '~').
        let sorted = ["a10", "a9", "A", "_x", "a/b", "a_b", "a~b", "No", "a"].sorted(by: goYAMLKeyLess)
        #expect(sorted == ["_x", "A", "No", "a", "a/b", "a_b", "a~b", "a9", "a10"])
    }
}
