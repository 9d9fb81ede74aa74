import Foundation
import GoJSON
import GoOracle
import Testing
@testable import GoYAML

/// Our `YAMLEmitter.emit` against `sigs.k8s.io/yaml.JSONToYAML` run by Go, byte for byte.
@Suite struct JSONToYAMLOracleTests {
    @Test func tortureCorpusMatchesGoByteForByte() throws {
        let docs = TortureCorpus.documents()
        let inputs = docs.map { TestJSON.write($0) }
        let expected = try GoOracle.run(.jsonToYAML, inputs)
        var identical = 0, rejected = 0, ambiguous = 0
        var mismatches: [String] = []
        var rejections: [String] = []
        var ambiguousPairs: [[UInt8]] = []
        for (i, doc) in docs.enumerated() {
            guard case .ok(let want) = expected[i] else {
                rejected += 1
                if case .error(let message) = expected[i], rejections.count < 5 {
                    rejections.append("\(String(decoding: inputs[i], as: UTF8.self)): \(message)")
                }
                continue
            }
            let got = YAMLEmitter.yaml(from: doc)
            if KeyOrderAmbiguity.containsAmbiguousObject(doc) {
                // Go's own key order is not reproducible here; compare what the YAML means.
                ambiguous += 1
                ambiguousPairs.append(want)
                ambiguousPairs.append(got)
                continue
            }
            if got == want {
                identical += 1
            } else {
                dumpMismatch(index: i, input: inputs[i], want: want, got: got)
                if mismatches.count < 8 {
                    mismatches.append("input: \(String(decoding: inputs[i], as: UTF8.self))\n--- go:\n\(String(decoding: want, as: UTF8.self))--- ours:\n\(String(decoding: got, as: UTF8.self))")
                }
            }
        }
        let meanings = try GoOracle.run(.yamlToJSON, ambiguousPairs)
        var sameMeaning = 0
        for k in stride(from: 0, to: meanings.count, by: 2) where meanings[k] == meanings[k + 1] {
            if case .ok = meanings[k] { sameMeaning += 1 }
        }
        print("GoYAML torture corpus: \(identical) of \(docs.count - ambiguous) byte-identical; \(sameMeaning) of \(ambiguous) with a Go-ambiguous key order equal in content; \(rejected) rejected by Go")
        #expect(rejected == 0, "\(rejections.joined(separator: "\n"))")
        #expect(ambiguous < docs.count / 10)
        #expect(sameMeaning == ambiguous)
        #expect(identical == docs.count - rejected - ambiguous, "\(mismatches.joined(separator: "\n=====\n"))")
    }

    /// Set GOYAML_DUMP_DIR to get each mismatch as files (for diffing by hand).
    private func dumpMismatch(index: Int, input: [UInt8], want: [UInt8], got: [UInt8]) {
        guard let dir = ProcessInfo.processInfo.environment["GOYAML_DUMP_DIR"] else { return }
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: "\(dir)/\(index).json", contents: Data(input))
        _ = FileManager.default.createFile(atPath: "\(dir)/\(index).go.yaml", contents: Data(want))
        _ = FileManager.default.createFile(atPath: "\(dir)/\(index).ours.yaml", contents: Data(got))
    }

    @Test func streamingEventsMatchEmitOfTheSameValue() throws {
        // The public event API used by transcoders must give the same bytes as emit(JSONValue).
        var e = YAMLEmitter()
        e.beginMapping()
        e.key("containers")
        e.beginSequence()
        e.beginMapping()
        e.key("image"); e.string("nginx:1.25")
        e.key("ports"); e.emptySequence()
        e.endMapping()
        e.endSequence()
        e.key("ratio"); e.float(1.5e-7)
        e.key("replicas"); e.int(-3)
        e.key("size"); e.uint(18446744073709551615)
        e.endMapping()
        e.endDocument()
        let json = #"{"containers":[{"image":"nginx:1.25","ports":[]}],"replicas":-3,"ratio":1.5e-7,"size":18446744073709551615}"#
        let want = try GoOracle.run(.jsonToYAML, [Array(json.utf8)])
        #expect(want == [.ok(e.output)])
    }

    @Test func invalidUTF8IsPrintedAsGoJSONWouldReplaceIt() throws {
        var e = YAMLEmitter()
        e.beginMapping()
        let bad: [UInt8] = [0x61, 0xFF, 0x62, 0xE2, 0x82]
        bad.withUnsafeBufferPointer { e.key($0) }
        bad.withUnsafeBufferPointer { e.string($0) }
        e.endMapping()
        e.endDocument()
        let json = "{\"a\u{FFFD}b\u{FFFD}\u{FFFD}\":\"a\u{FFFD}b\u{FFFD}\u{FFFD}\"}"
        let want = try GoOracle.run(.jsonToYAML, [Array(json.utf8)])
        #expect(want == [.ok(e.output)])
    }
}
