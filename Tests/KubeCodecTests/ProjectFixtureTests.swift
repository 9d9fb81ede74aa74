import Foundation
import GoJSON
import GoYAML
import Testing
@testable import KubeCodec

/// The hand-written objects in Fixtures/objects are in the exact form `kubectl get -o yaml`
/// prints stored objects (sigs.k8s.io/yaml, 1.34+ rules): encoding them and decoding the stored
/// bytes again must give the same text back, and the stored bytes must survive a second trip.
@Suite struct ProjectFixtureTests {
    static let directory: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/objects")

    static let names: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()

    @Test func fixturesExist() { #expect(Self.names.count >= 3) }

    @Test(arguments: names)
    func yamlRoundTripsThroughStorage(name: String) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
        let object = try #require(try YAMLInput.parseDocuments(text).first)
        let stored = try KubeEncoder().encodeStored(object, options: .init(fromYAML: true))
        let (yaml, unknown) = try stored.withUnsafeBytes { try KubeDecoder().protobufToYAML($0) }
        #expect(unknown.isEmpty)
        #expect(String(decoding: yaml, as: UTF8.self) == text, "\(name): \(firstDifference(yaml, Array(text.utf8)))")
        let (json, _) = try stored.withUnsafeBytes { try KubeDecoder().protobufToJSON($0, pretty: false) }
        let again = try KubeEncoder().encodeStored(try JSONParser.parse(json))
        #expect(again == stored)
    }
}
