import Foundation
import Testing
@testable import KubeCodec

@Suite struct FixtureDecodeTests {
    @Test func allFixturesArePresent() {
        #expect(Fixtures.names.count == 193, "expected 193 upstream fixtures in \(Fixtures.directory.path)")
    }

    @Test(arguments: Fixtures.names)
    func protobufDecodesToFixtureJSON(name: String) throws {
        let pb = try Fixtures.data(name, "pb")
        let expected = try Fixtures.data(name, "json")
        let decoder = KubeDecoder()
        let (json, unknown) = try pb.withUnsafeBytes { try decoder.protobufToJSON($0, pretty: true) }
        #expect(unknown.isEmpty, "unknown fields: \(unknown)")
        if json != expected {
            Issue.record("\(name): \(firstDifference(json, expected))")
        }
    }

    @Test(arguments: Fixtures.names)
    func protobufDecodesToFixtureYAML(name: String) throws {
        let pb = try Fixtures.data(name, "pb")
        let expected = try Fixtures.data(name, "yaml")
        let (yaml, _) = try pb.withUnsafeBytes { try KubeDecoder().protobufToYAML($0) }
        if yaml != expected {
            Issue.record("\(name): \(firstDifference(yaml, expected))")
        }
    }
}
