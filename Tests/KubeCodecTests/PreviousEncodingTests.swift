import Foundation
import GoJSON
import Testing
@testable import KubeCodec

/// Encoding against the previous version copies unchanged top-level fields from its bytes; the
/// result must be the bytes a fresh encoding gives, for every kind, whatever changed.
@Suite struct PreviousEncodingTests {
    /// The fixture's object with one label more: metadata changes, everything else stays.
    static func relabelled(_ object: JSONValue) -> JSONValue {
        guard case .object(var members) = object, let i = members.firstIndex(where: { $0.key == "metadata" }),
              case .object(var meta) = members[i].value else { return object }
        if let j = meta.firstIndex(where: { $0.key == "labels" }), case .object(var labels) = meta[j].value {
            labels.append(JSONMember("strata.test/changed", .string("yes")))
            meta[j].value = .object(labels)
        } else {
            meta.append(JSONMember("labels", .object([JSONMember("strata.test/changed", .string("yes"))])))
        }
        members[i].value = .object(meta)
        return .object(members)
    }

    /// Every top-level member but metadata replaced by an equal copy built anew (not the same
    /// buffers), and then one of them emptied.
    static func variants(_ object: JSONValue) -> [JSONValue] {
        guard case .object(let members) = object else { return [] }
        var out: [JSONValue] = [relabelled(object)]
        for (i, m) in members.enumerated() where m.key != "metadata" && m.key != "apiVersion" && m.key != "kind" {
            var changed = members
            changed[i].value = .object([])
            out.append(.object(changed))
            var rebuilt = members
            if let copy = try? JSONParser.parse(JSONWriter.compactString(m.value)) { rebuilt[i].value = copy }
            out.append(.object(rebuilt))
        }
        return out
    }

    @Test(arguments: Fixtures.names)
    func reusingGivesTheFreshBytes(name: String) throws {
        let pb = [UInt8](try Fixtures.data(name, "pb"))
        let object = try pb.withUnsafeBytes { try KubeDecoder().protobufToValue($0).value }
        // WatchEvent carries no TypeMeta of its own; the API server never stores one.
        guard !(object["apiVersion"]?.stringValue ?? "").isEmpty else { return }
        let previous = try #require(PreviousEncoding(object: object, stored: pb), "\(name): the stored value does not take apart")
        let encoder = KubeEncoder()
        // The same object against its own bytes gives those bytes.
        #expect(try encoder.encodeStored(object, previous: previous) == pb, "\(name)")
        for variant in Self.variants(object) {
            let fresh = try? encoder.encodeStored(variant)
            let reused = try? encoder.encodeStored(variant, previous: previous)
            #expect(fresh == reused, "\(name): reusing the previous bytes changed the encoding")
        }
    }

    /// The object with its managedFields changed as updates change them: reordered, one entry
    /// altered, one added, all rebuilt anew, all gone.
    static func managedFieldsVariants(_ object: JSONValue) -> [JSONValue] {
        guard case .array(let entries)? = object["metadata"]?["managedFields"], !entries.isEmpty else { return [] }
        func replacing(_ key: String, in value: JSONValue, by new: JSONValue) -> JSONValue {
            guard case .object(var members) = value, let i = members.firstIndex(where: { $0.key == key }) else { return value }
            members[i].value = new
            return .object(members)
        }
        func with(_ list: [JSONValue]) -> JSONValue {
            replacing("metadata", in: object, by: replacing("managedFields", in: object["metadata"] ?? .null, by: .array(list)))
        }
        var altered = entries
        altered[0] = replacing("manager", in: altered[0], by: .string("strata-test-manager"))
        let rebuilt = entries.compactMap { try? JSONParser.parse(JSONWriter.compactString($0)) }
        return [with(entries.reversed()), with(altered), with(entries + [altered[0]]), with(rebuilt), with([]),
                relabelled(with(entries.reversed()))]
    }

    @Test(arguments: Fixtures.names)
    func reusedManagedFieldsEntriesGiveTheFreshBytes(name: String) throws {
        let pb = [UInt8](try Fixtures.data(name, "pb"))
        let object = try pb.withUnsafeBytes { try KubeDecoder().protobufToValue($0).value }
        guard case .array(let entries)? = object["metadata"]?["managedFields"], !entries.isEmpty,
              let previous = PreviousEncoding(object: object, stored: pb) else { return }
        // ObjectMeta is field 1 of a kind and managedFields field 17 of ObjectMeta: every stored
        // entry pairs with its bytes, so the copying is exercised.
        #expect(previous.managedFieldsEntries(metadataNumber: 1, managedFieldsNumber: 17).count == entries.count, "\(name)")
        let encoder = KubeEncoder()
        for variant in Self.managedFieldsVariants(object) {
            let fresh = try? encoder.encodeStored(variant)
            let reused = try? encoder.encodeStored(variant, previous: previous)
            #expect(fresh != nil && fresh == reused, "\(name): reusing managedFields entries changed the encoding")
        }
    }

    @Test func valuesThatDoNotTakeApartAreNotReused() throws {
        let object = try JSONParser.parse(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}"#)
        #expect(PreviousEncoding(object: object, stored: Array(#"{"kind":"ConfigMap"}"#.utf8)) == nil)
        #expect(PreviousEncoding(object: object, stored: [0x6B, 0x38, 0x73, 0x00, 0x12, 0x05, 0x0A]) == nil)
        #expect(PreviousEncoding(object: .array([]), stored: []) == nil)
    }
}
