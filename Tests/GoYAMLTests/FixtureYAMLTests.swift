import Foundation
import GoJSON
import GoOracle
import Testing
@testable import GoYAML

/// The Kubernetes fixtures: each `.json` has a `.yaml` twin written by the apiserver's YAML
/// serializer (json.Marshal, then sigs.k8s.io/yaml.JSONToYAML).
@Suite struct FixtureYAMLTests {
    static let fixtureDirectory = "/work/shared/fixtures/kubernetes-api/HEAD"

    static func fixturePairs() throws -> [(name: String, json: [UInt8], yaml: [UInt8])] {
        let names = try FileManager.default.contentsOfDirectory(atPath: fixtureDirectory)
            .filter { $0.hasSuffix(".json") }.sorted()
        return names.compactMap { name in
            let base = String(name.dropLast(5))
            guard let json = FileManager.default.contents(atPath: "\(fixtureDirectory)/\(name)"),
                  let yaml = FileManager.default.contents(atPath: "\(fixtureDirectory)/\(base).yaml") else { return nil }
            return (base, [UInt8](json), [UInt8](yaml))
        }
    }

    @Test func everyFixtureJSONPrintsExactlyItsYAMLTwin() throws {
        let pairs = try Self.fixturePairs()
        #expect(pairs.count >= 190)
        var identical = 0
        var failures: [String] = []
        for pair in pairs {
            let value = try TestJSON.parse(pair.json)
            let got = YAMLEmitter.yaml(from: value)
            if got == pair.yaml {
                identical += 1
            } else if failures.count < 5 {
                failures.append("\(pair.name):\n\(String(decoding: got, as: UTF8.self))")
            }
        }
        print("GoYAML fixtures: \(identical) of \(pairs.count) byte-identical to their .yaml twin")
        #expect(identical == pairs.count, "\(failures.joined(separator: "\n=====\n"))")
    }

    @Test func goOracleAgreesWithTheFixtureTwins() throws {
        // Guards the oracle itself: if it did not reproduce the fixtures, the torture corpus
        // comparison would prove nothing.
        let pairs = try Self.fixturePairs()
        let results = try GoOracle.run(.jsonToYAML, pairs.map(\.json))
        let agreeing = zip(pairs, results).filter { $0.1 == .ok($0.0.yaml) }.count
        #expect(agreeing == pairs.count)
    }

    @Test func streamingEmitterAppendsDocumentsBackToBack() throws {
        let pairs = try Self.fixturePairs().prefix(5)
        var emitter = YAMLEmitter()
        var expected: [UInt8] = []
        for pair in pairs {
            emitter.emit(try TestJSON.parse(pair.json))
            emitter.endDocument()
            expected += pair.yaml
        }
        #expect(emitter.output == expected)
    }
}
