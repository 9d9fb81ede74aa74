import Foundation
import GoJSON
import GoOracle
import Testing
@testable import GoYAML

/// Key order aside (Go maps have none), the value `sigs.k8s.io/yaml.YAMLToJSON` produces.
func canonical(_ value: JSONValue) -> JSONValue {
    switch value {
    case .array(let items): return .array(items.map(canonical))
    case .object(let members):
        return .object(members.map { JSONMember($0.key, canonical($0.value)) }
            .sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) })
    default: return value
    }
}

@Suite struct YAMLInputTests {
    @Test func fixtureYAMLReadsAsItsJSONTwin() throws {
        let pairs = try FixtureYAMLTests.fixturePairs()
        var equal = 0
        var failures: [String] = []
        for pair in pairs {
            let docs = try YAMLInput.parseDocuments(String(decoding: pair.yaml, as: UTF8.self))
            let want = canonical(try TestJSON.parse(pair.json))
            if docs.count == 1 && canonical(docs[0]) == want {
                equal += 1
            } else if failures.count < 3 {
                failures.append(pair.name)
            }
        }
        print("YAMLInput fixtures: \(equal) of \(pairs.count) equal to their JSON twin")
        #expect(equal == pairs.count, "\(failures)")
    }

    /// Every torture document, printed by our emitter, read back by us and by Go's YAMLToJSON.
    @Test func readingEmittedTortureCorpusMatchesGo() throws {
        let texts = TortureCorpus.documents().map { YAMLEmitter.yaml(from: $0) }
        try expectSameAsGo(texts, label: "emitted torture corpus")
    }

    @Test func handWrittenEdgeCasesMatchGo() throws {
        try expectSameAsGo(YAMLInputCases.documents.map { Array($0.utf8) }, label: "hand-written edge cases")
    }

    @Test func multipleDocumentsSkipEmptyOnes() throws {
        let text = "---\na: 1\n---\n# only a comment\n---\n- x\n...\n---\nb: yes\n"
        let docs = try YAMLInput.parseDocuments(text)
        #expect(docs == [.object([JSONMember("a", .number("1"))]), .array([.string("x")]),
                         .object([JSONMember("b", .bool(true))])])
        #expect(try YAMLInput.parseDocuments("") == [])
        #expect(try YAMLInput.parseDocuments("---\n---\n") == [])
    }

    @Test func keepsWrittenOrderAndLastValueOfRepeatedMergedKeys() throws {
        let text = "base: &b {z: 1, q: 2}\nout:\n  x: 0\n  <<: *b\n  q: 3\n"
        let docs = try YAMLInput.parseDocuments(text)
        #expect(docs == [.object([
            JSONMember("base", .object([JSONMember("z", .number("1")), JSONMember("q", .number("2"))])),
            JSONMember("out", .object([JSONMember("x", .number("0")), JSONMember("z", .number("1")), JSONMember("q", .number("3"))])),
        ])])
    }

    @Test func repeatedKeysKeepFirstPositionAndLastValue() throws {
        let docs = try YAMLInput.parseDocuments("a: 1\nb: 2\na: 3\n")
        #expect(docs == [.object([JSONMember("a", .number("3")), JSONMember("b", .number("2"))])])
    }

    @Test func aliasBombIsRefusedNotExpanded() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        #expect(throws: YAMLInputError.self) { try YAMLInput.parseDocuments(text) }
    }

    @Test func deepNestingIsAnError() throws {
        let text = String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
        #expect(throws: YAMLInputError.self) { try YAMLInput.parseDocuments(text) }
    }

    @Test func errorsCarryLineAndColumn() throws {
        do {
            _ = try YAMLInput.parseDocuments("a: 1\nb: [1, 2\nc: 3\n")
            Issue.record("expected an error")
        } catch let error as YAMLInputError {
            #expect(error.line >= 2)
            #expect(error.column >= 1)
        }
        do {
            _ = try YAMLInput.parseDocuments("ok: 1\n? [a, b]\n: 2\n")
            Issue.record("expected an error for a sequence key")
        } catch let error as YAMLInputError {
            #expect(error.line == 2)
        }
    }

    @Test func randomByteMutationsNeverCrash() throws {
        let pairs = try FixtureYAMLTests.fixturePairs()
        var r = SeededRandom(state: 7)
        var values = 0, errors = 0
        let specials: [UInt8] = Array(":-[]{}&*!|>'\"%@`#,?\n\t \\".utf8) + [0x00, 0xC2, 0x85, 0xFF, 0xE2, 0x80, 0xA8]
        for round in 0..<1500 {
            var bytes = pairs[round % pairs.count].yaml
            if bytes.count > 4000 { bytes = Array(bytes.prefix(4000)) }
            for _ in 0..<(1 + r.below(8)) {
                let at = r.below(bytes.count)
                switch r.below(4) {
                case 0: bytes[at] = r.pick(specials)
                case 1: bytes.insert(r.pick(specials), at: at)
                case 2: bytes.remove(at: at)
                default: bytes[at] = UInt8(truncatingIfNeeded: r.next())
                }
            }
            do {
                _ = try YAMLInput.parseDocuments(String(decoding: bytes, as: UTF8.self))
                values += 1
            } catch is YAMLInputError {
                errors += 1
            }
        }
        #expect(values + errors == 1500)
        #expect(errors > 0)
    }

    private func expectSameAsGo(_ texts: [[UInt8]], label: String) throws {
        let go = try GoOracle.run(.yamlToJSON, texts)
        var same = 0, bothRejected = 0
        var failures: [String] = []
        for (i, text) in texts.enumerated() {
            let ours: Result<JSONValue?, Error> = Result { try YAMLInput.parseDocuments(String(decoding: text, as: UTF8.self)).first }
            switch (go[i], ours) {
            case (.ok(let json), .success(let value)):
                let want = canonical(try TestJSON.parse(json))
                if canonical(value ?? .null) == want {
                    same += 1
                } else if let dir = ProcessInfo.processInfo.environment["GOYAML_DUMP_DIR"] {
                    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                    _ = FileManager.default.createFile(atPath: "\(dir)/in-\(i).yaml", contents: Data(text))
                    _ = FileManager.default.createFile(atPath: "\(dir)/in-\(i).go.json", contents: Data(TestJSON.write(want)))
                    _ = FileManager.default.createFile(atPath: "\(dir)/in-\(i).ours.json", contents: Data(TestJSON.write(canonical(value ?? .null))))
                }
                if canonical(value ?? .null) != want && failures.count < 6 {
                    failures.append("\(String(decoding: text, as: UTF8.self))\n go: \(String(decoding: json, as: UTF8.self))\n ours: \(String(decoding: TestJSON.write(value ?? .null), as: UTF8.self))")
                }
            case (.error(let message), .failure(let error)):
                bothRejected += 1
                if ProcessInfo.processInfo.environment["GOYAML_SHOW_REJECTED"] != nil {
                    print("rejected by both: \(String(decoding: text.prefix(120), as: UTF8.self))\n go: \(message)\n ours: \(error)")
                }
            case (.error(let message), .success(let value)):
                if failures.count < 6 {
                    failures.append("\(String(decoding: text, as: UTF8.self))\n go error: \(message)\n ours: \(String(decoding: TestJSON.write(value ?? .null), as: UTF8.self))")
                }
            case (.ok(let json), .failure(let error)):
                if failures.count < 6 {
                    failures.append("\(String(decoding: text, as: UTF8.self))\n go: \(String(decoding: json, as: UTF8.self))\n our error: \(error)")
                }
            }
        }
        print("YAMLInput \(label): \(same + bothRejected) of \(texts.count) agree with Go (\(bothRejected) rejected by both)")
        #expect(same + bothRejected == texts.count, "\(failures.joined(separator: "\n=====\n"))")
    }
}
