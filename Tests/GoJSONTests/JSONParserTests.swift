import Testing
@testable import GoJSON

@Suite struct JSONParserTests {
    @Test func keepsOrderAndNumberText() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":[1.50,-0,1E+2],"m":{"cluster_id":14841639068965178418}}"#)
        guard case .object(let members) = value else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["z", "a", "m"])
        #expect(value["a"] == .array([.number("1.50"), .number("-0"), .number("1E+2")]))
        #expect(value["m"]?["cluster_id"] == .number("14841639068965178418"))
    }

    @Test func unescapesLikeGo() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONParser.parse(#""\ud83d""#) == .string("\u{FFFD}"))
        #expect(try JSONParser.parse(#""\ude00x""#) == .string("\u{FFFD}x"))
        #expect(try JSONParser.parse(#""\ud83d\u0041""#) == .string("\u{FFFD}A"))
        #expect(try JSONParser.parse(#""a\/b\u00e9\n""#) == .string("a/bé\n"))
        #expect(try JSONParser.parse([0x22, 0xE2, 0x82, 0x41, 0x22]) == .string("\u{FFFD}\u{FFFD}A"))
    }

    @Test func rejectsBadInputWithOffsets() {
        func failure(_ text: String) -> JSONParseError? {
            do {
                _ = try JSONParser.parse(text)
                return nil
            } catch let error as JSONParseError {
                return error
            } catch {
                return nil
            }
        }
        #expect(failure("{} x")?.offset == 3)
        #expect(failure("[1,]")?.offset == 3)
        #expect(failure("{\"a\" 1}")?.offset == 5)
        #expect(failure("\"a\u{01}\"")?.offset == 2)
        #expect(failure("01")?.offset == 1)
        #expect(failure("1.")?.isTruncation == true)
        #expect(failure("-")?.isTruncation == true)
        #expect(failure("[1, 2")?.isTruncation == true)
        #expect(failure("\"abc")?.isTruncation == true)
        #expect(failure("tru")?.isTruncation == true)
        #expect(failure("nul1")?.offset == 3)
        #expect(failure(#""\x""#)?.offset == 1)
        #expect(failure(#""\u12g4""#)?.offset == 5)
        #expect(failure("") != nil)
        #expect(failure("{\"a\":1,}") != nil)
    }

    @Test func depthLimitIsAnErrorNotACrash() throws {
        let limit = JSONParser.defaultMaxDepth
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        let atLimit = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        let value = try JSONParser.parse(atLimit)
        #expect(JSONWriter.compactString(value) == atLimit)
        #expect(value == value)
        let overLimit = String(repeating: "{\"a\":", count: limit + 1) + "1" + String(repeating: "}", count: limit + 1)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(overLimit) }
        #expect(throws: JSONParseError.self) { try JSONParser.parseMany("[] " + overLimit) }
    }

    @Test func parseManyReadsConcatenatedValues() throws {
        let values = try JSONParser.parseMany("{\"a\":1}\n{\"b\":2}{\"c\":3} 4 \"x\"\n")
        #expect(values.count == 5)
        #expect(values[2]["c"] == .number("3"))
        #expect(try JSONParser.parseMany(" \n ").isEmpty)
        #expect(throws: JSONParseError.self) { try JSONParser.parseMany("{\"a\":1}\n{\"b\":") }
    }

    @Test func parsePrefixReportsEnd() throws {
        let text: [UInt8] = Array(" {\"a\":[]}\n{".utf8)
        let (value, end) = try text.withUnsafeBytes { try JSONParser.parsePrefix($0, from: 0) }
        #expect(value == .object([JSONMember("a", .array([]))]))
        #expect(end == 9)
    }

    @Test func writerHandlesEmptyContainersAndIndent() {
        let value: JSONValue = .object([JSONMember("a", .object([])), JSONMember("b", .array([])),
                                        JSONMember("c", .array([.number("1"), .null]))])
        #expect(JSONWriter.compactString(value) == #"{"a":{},"b":[],"c":[1,null]}"#)
        #expect(JSONWriter.indentedString(value, indent: "    ") == "{\n    \"a\": {},\n    \"b\": [],\n    \"c\": [\n        1,\n        null\n    ]\n}")
    }
}
