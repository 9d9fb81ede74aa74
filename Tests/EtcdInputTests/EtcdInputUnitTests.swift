import EtcdModel
import Foundation
import Testing
@testable import EtcdInput

@Suite struct EtcdInputUnitTests {
    static func readAll(_ bytes: [UInt8], form: EtcdInputForm? = nil) throws -> [KeyValue] {
        var reader = try EtcdInputReader(bytes: bytes, form: form)
        return try reader.readAll()
    }

    @Test func detection() {
        func detect(_ s: String) -> EtcdInputForm { EtcdInputReader.detect(prefix: Array(s.utf8)) }
        #expect(detect("\\x2f\\x72") == .hex)
        #expect(detect("{\"header\":{\"cluster_id\":1}}") == .json)
        #expect(detect(" \n{ \"header\" :{}}") == .json)
        #expect(detect("{\"kind\":\"Pod\"}\n") == .value)
        #expect(detect("/registry/pods/a\nx\n") == .simple)
        #expect(detect("compact_rev_key\n5\n") == .simple)
        #expect(detect("k8s\0\n\u{2}v1") == .value)
        #expect(detect("hello") == .raw)
        #expect(EtcdInputReader.detect(prefix: [0x0A, 0x1A, 0x08, 0xAA, 0xF4]) == .protobuf)
        #expect(EtcdInputReader.detect(prefix: [0xD9, 0xD9, 0xF7, 0xA0]) == .value)
        #expect(EtcdInputReader.detect(prefix: []) == .raw)
    }

    @Test func simpleFormWithOpaqueAndJSONValues() throws {
        let input = Array("/registry/a\nline1\nline2\n/registry/b\n{\"x\":\"}\\\"\"}\n\n/registry/c\n\ncompact_rev_key\n7\n".utf8)
        let kvs = try Self.readAll(input)
        #expect(kvs.map(\.keyString) == ["/registry/a", "/registry/b", "/registry/c", "compact_rev_key"])
        #expect(kvs.map { String(decoding: $0.value, as: UTF8.self) } == ["line1\nline2", "{\"x\":\"}\\\"\"}\n", "", "7"])
    }

    @Test func simpleFormUsesTheEnvelopeLength() throws {
        // An envelope whose raw bytes contain "\n/registry/": only the length fields can tell.
        var value: [UInt8] = Array("k8s\0".utf8)
        let typeMeta: [UInt8] = [0x0A, 0x02] + Array("v1".utf8)
        let raw: [UInt8] = Array("\n/registry/fake\n".utf8)
        value += [0x0A, UInt8(typeMeta.count)] + typeMeta + [0x12, UInt8(raw.count)] + raw + [0x1A, 0x00, 0x22, 0x00]
        let input = Array("/registry/x\n".utf8) + value + [0x0A] + Array("/registry/y\nplain\n".utf8)
        let kvs = try Self.readAll(input)
        #expect(kvs.count == 2)
        #expect(kvs.first?.value == value)
        #expect(kvs.last?.value == Array("plain".utf8))
    }

    @Test func hexForm() throws {
        let kvs = try Self.readAll(Array("\\x2f\\x61\n\\x0a\\x00\n\\x2f\\x62\n\n".utf8))
        #expect(kvs == [KeyValue(key: [0x2F, 0x61], value: [0x0A, 0x00]), KeyValue(key: [0x2F, 0x62], value: [])])
        #expect(throws: EtcdInputError.self) { try Self.readAll(Array("\\x2f\\x6g\nx\n".utf8), form: .hex) }
        #expect(throws: EtcdInputError.self) { try Self.readAll(Array("\\x2f\n".utf8), form: .hex) }
    }

    @Test func jsonFormKeepsIdsAndAcceptsQuotedNumbers() throws {
        let text = #"{"header":{"cluster_id":18446744073709551615},"kvs":[{"key":"L2E=","create_revision":"9223372036854775807","mod_revision":3,"version":2,"value":"eA==","lease":7}],"count":1}"#
        let kvs = try Self.readAll(Array(text.utf8))
        #expect(kvs == [KeyValue(key: Array("/a".utf8), createRevision: Int64.max, modRevision: 3, version: 2, value: Array("x".utf8), lease: 7)])
        #expect(try Self.readAll(Array(#"{"header":{"revision":5},"count":0}"#.utf8)).isEmpty)
        #expect(throws: EtcdInputError.self) { try Self.readAll(Array(#"{"header":{},"kvs":[{"key":"@@"}]}"#.utf8)) }
        #expect(throws: EtcdInputError.self) { try Self.readAll(Array(#"{"header":{},"kvs":[{"key":"L2E="#.utf8)) }
        #expect(throws: EtcdInputError.self) { try Self.readAll(Array(#"{"kind":"Pod"}"#.utf8), form: .json) }
    }

    @Test func protobufFormErrors() throws {
        let response = RangeResponse(header: ResponseHeader(clusterID: 1, revision: 2),
                                     kvs: [KeyValue(key: [0x2F], createRevision: 1, modRevision: 2, version: 1, value: [1, 2, 3])], count: 1)
        let bytes = response.serialized()
        #expect(try Self.readAll(bytes, form: .protobuf) == response.kvs)
        #expect(throws: EtcdInputError.self) { try Self.readAll(Array(bytes.dropLast()), form: .protobuf) }
        #expect(throws: EtcdInputError.self) { try Self.readAll([0x0B], form: .protobuf) }
        #expect(throws: EtcdInputError.self) { try Self.readAll([0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], form: .protobuf) }
    }

    @Test func valueFormStripsOneNewline() throws {
        #expect(try Self.readAll(Array("abc\n\n".utf8), form: .value).map(\.value) == [Array("abc\n".utf8)])
        #expect(try Self.readAll(Array("{\"a\":1}\n\n{\"b\":2}\n".utf8), form: .value).map(\.value) == [Array("{\"a\":1}\n".utf8), Array("{\"b\":2}".utf8)])
        #expect(try Self.readAll([], form: .value).isEmpty)
        #expect(try Self.readAll(Array("x\n".utf8), form: .raw).map(\.value) == [Array("x\n".utf8)])
    }

    /// Go's `fmt.Printf("%q", s)` output (from Go 1.19) for bytes 78 ff 01 09 7f e2 80 a8 f0 9f 98 80 22 5c
    /// and for c2 80 cd b8 ef bf bf f3 a0 80 81.
    @Test func goQuotedStrings() throws {
        func unquote(_ s: String) -> [UInt8]? { Array(s.utf8).withUnsafeBufferPointer { GoQuoted.unquote($0) } }
        #expect(unquote(#""x\xff\x01\t\x7f\u2028😀\"\\""#) == [0x78, 0xFF, 0x01, 0x09, 0x7F, 0xE2, 0x80, 0xA8, 0xF0, 0x9F, 0x98, 0x80, 0x22, 0x5C])
        #expect(unquote(#""\u0080\u0378\uffff\U000e0001""#) == [0xC2, 0x80, 0xCD, 0xB8, 0xEF, 0xBF, 0xBF, 0xF3, 0xA0, 0x80, 0x81])
        #expect(unquote(#""\a\b\f\n\r\v\101""#) == [0x07, 0x08, 0x0C, 0x0A, 0x0D, 0x0B, 0x41])
        #expect(unquote(#""abc"#) == nil)
        #expect(unquote(#""\q""#) == nil)
        #expect(unquote(#""\x4""#) == nil)
        #expect(unquote(#""\ud800""#) == nil)
        let fields = "\"ClusterID\" : 1\n\"Key\" : \"/a\"\n\"CreateRevision\" : 2\n\"ModRevision\" : 3\n\"Version\" : 1\n\"Value\" : \"x\\n\"\n\"Lease\" : 0\n\"More\" : false\n\"Count\" : 1\n"
        #expect(try Self.readAll(Array(fields.utf8)) == [KeyValue(key: Array("/a".utf8), createRevision: 2, modRevision: 3, version: 1, value: [0x78, 0x0A])])
        #expect(throws: EtcdInputError.self) { try Self.readAll(Array("\"Value\" : \"x\"\n".utf8), form: .fields) }
        #expect(throws: EtcdInputError.self) { try Self.readAll(Array("\"Key\" : x\n".utf8), form: .fields) }
    }

    @Test func missingFileIsAnError() {
        #expect(throws: EtcdInputError.self) { try EtcdInputReader(path: "/nonexistent/strata-input") }
    }
}
