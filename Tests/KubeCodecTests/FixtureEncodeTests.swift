import Foundation
import GoJSON
import GoYAML
import KubeSchema
import Testing
@testable import KubeCodec

@Suite struct FixtureEncodeTests {
    @Test(arguments: Fixtures.names)
    func fixtureJSONEncodesToFixtureProtobuf(name: String) throws {
        let expected = try Fixtures.data(name, "pb")
        let json = try Fixtures.data(name, "json")
        let value = try JSONParser.parse(json)
        // WatchEvent's envelope carries no type; everything else names itself.
        let hint = name == "core.v1.WatchEvent" ? KindKey(apiVersion: "v1", kind: "WatchEvent") : nil
        let stored = try KubeEncoder().encodeStored(value, schemaType: hint)
        if stored != expected {
            let at = firstDifferingByte(stored, expected)
            Issue.record("\(name): \(stored.count) bytes vs \(expected.count) expected; first difference at byte \(at)")
        }
    }
}

@Suite struct FixtureYAMLEncodeTests {
    @Test(arguments: Fixtures.names)
    func fixtureYAMLEncodesToFixtureProtobuf(name: String) throws {
        let expected = try Fixtures.data(name, "pb")
        let yaml = try Fixtures.data(name, "yaml")
        let docs = try YAMLInput.parseDocuments(String(decoding: yaml, as: UTF8.self))
        #expect(docs.count == 1)
        let hint = name == "core.v1.WatchEvent" ? KindKey(apiVersion: "v1", kind: "WatchEvent") : nil
        let stored = try KubeEncoder().encodeStored(docs[0], options: .init(fromYAML: true), schemaType: hint)
        if stored != expected {
            Issue.record("\(name): \(stored.count) bytes vs \(expected.count) expected; first difference at byte \(firstDifferingByte(stored, expected))")
        }
    }
}
