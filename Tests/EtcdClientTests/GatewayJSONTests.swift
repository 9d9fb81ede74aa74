import GoJSON
import Foundation
import Testing
@testable import EtcdClient
import EtcdModel

@Suite struct GatewayJSONTests {
    @Test func sixtyFourBitIdsSurviveExactly() throws {
        let text = #"{"header":{"cluster_id":"18446744073709551615","member_id":"3319814642761637952","revision":"9007199254740993","raft_term":"2"}}"#
        let r = try RangeResponse(gatewayJSON: GatewayJSONParser.parse(Array(text.utf8)))
        #expect(r.header.clusterID == UInt64.max)
        #expect(r.header.memberID == 3319814642761637952)
        #expect(r.header.revision == 9007199254740993)   // not representable as a Double
        // Numbers (not strings) are accepted too, without a Double in between.
        let n = try GatewayJSONParser.parse(Array(#"{"revision":9007199254740993}"#.utf8))
        #expect(try n.int64("revision") == 9007199254740993)
    }

    @Test func rangeResponseAsTheGatewayWritesIt() throws {
        // Shape copied from a real 3.4.23 exchange (etcd.md §2); defaults are omitted.
        let text = #"{"header":{"cluster_id":"324952591200643719","member_id":"3319814642761637952","revision":"4","raft_term":"2"},"kvs":[{"key":"L3JlZ2lzdHJ5L3BvZHMvZGVmYXVsdC9h","create_revision":"2","mod_revision":"2","version":"1","value":"aGVsbG8="}],"more":true,"count":"2"}"#
        let r = try RangeResponse(gatewayJSON: GatewayJSONParser.parse(Array(text.utf8)))
        #expect(r.kvs.count == 1)
        #expect(r.kvs[0].keyString == "/registry/pods/default/a")
        #expect(r.kvs[0].value == Array("hello".utf8))
        #expect(r.kvs[0].createRevision == 2 && r.kvs[0].version == 1)
        #expect(r.more && r.count == 2)
    }

    @Test func base64MatchesFoundation() throws {
        for n in 0..<70 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let ours = Base64.encode(bytes)
            #expect(ours == Data(bytes).base64EncodedString())
            #expect(Base64.decode(ours) == bytes)
            // Unpadded input is accepted, as the gateway accepts it.
            let unpadded = String(ours.prefix { $0 != "=" })
            #expect(Base64.decode(unpadded) == bytes)
        }
        #expect(Base64.decode("a-_b") == nil)   // URL-safe alphabet is not base64 here
        #expect(Base64.decode("abcde") == nil)  // impossible length
    }

    @Test func stringEscapesAreDecoded() throws {
        let j = try GatewayJSONParser.parse(Array(#"{"m":"a\"b\\c\/d\n\u00e9\ud83d\ude00"}"#.utf8))
        #expect(try j.string("m") == "a\"b\\c/d\né😀")
    }

    @Test func malformedJSONGivesAnErrorNotACrash() {
        let bad = ["", "{", "{\"a\"", "{\"a\":}", "[1,]", "{\"a\":tru}", "\"\\u12\"", "{\"a\":\"x\"} junk", "-", "\"\\q\"",
                   String(repeating: "[", count: 5000)]
        for text in bad {
            #expect(throws: EtcdError.self) { try GatewayJSONParser.parse(Array(text.utf8)) }
        }
    }

    @Test func wrongFieldTypesAreReported() throws {
        let j = try GatewayJSONParser.parse(Array(#"{"count":"x","kvs":[{"key":"!!"}]}"#.utf8))
        #expect(throws: EtcdError.self) { try RangeResponse(gatewayJSON: j) }
    }

    @Test func requestBodiesUseProtoNamesStringsAndBase64() throws {
        let txn = TxnRequest(compare: [Compare(key: Array("k".utf8), .equal, .version(0))],
                             success: [.put(PutRequest(key: Array("k".utf8), value: Array("v".utf8)))])
        let body = try GatewayJSONParser.parse(txn.gatewayBody)
        let cmp = body["compare"]?.array.first
        #expect(cmp?["version"] == .string("0"))         // zero oneof arm is sent
        #expect(cmp?["key"] == .string("aw=="))
        #expect(body["success"]?.array.first?["request_put"]?["value"] == .string("dg=="))
        #expect(body["failure"] == nil)

        let watch = try GatewayJSONParser.parse(WatchCreateRequest(key: [1], startRevision: 9, filters: [.noPut], prevKV: true).gatewayBody)
        #expect(watch["create_request"]?["start_revision"] == .string("9"))
        #expect(watch["create_request"]?["filters"] == .array([.string("NOPUT")]))
        #expect(watch["create_request"]?["prev_kv"] == .bool(true))
    }

    @Test func watchEventsAndStatusNames() throws {
        let text = #"{"header":{"revision":"10"},"events":[{"type":"DELETE","kv":{"key":"YQ==","mod_revision":"10"}},{"kv":{"key":"Yg==","value":"eA=="}}]}"#
        let w = try WatchResponse(gatewayJSON: GatewayJSONParser.parse(Array(text.utf8)))
        #expect(w.events.map(\.type) == [.delete, .put])
        #expect(w.events[0].kv.modRevision == 10)
        let status = #"{"header":{},"version":"3.4.23","dbSize":"20480","leader":"3319814642761637952","raftIndex":"16","raftTerm":"2","raftAppliedIndex":"16","dbSizeInUse":"16384"}"#
        let s = try StatusResponse(gatewayJSON: GatewayJSONParser.parse(Array(status.utf8)))
        #expect(s.version == "3.4.23" && s.dbSize == 20480 && s.dbSizeInUse == 16384 && s.leader == 3319814642761637952)
    }

    @Test func lineSplitterCarriesPartialLines() async throws {
        var s = LineSplitter()
        let collected = LinesBox()
        for chunk in ["{\"a\":1}\n{\"b\"", ":2}\n", "\n{\"c\":3}"] {
            try await s.append(Array(chunk.utf8)) { collected.lines.append(String(decoding: $0, as: UTF8.self)) }
        }
        try await s.finish { collected.lines.append(String(decoding: $0, as: UTF8.self)) }
        #expect(collected.lines == ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"])
    }
}

final class LinesBox: @unchecked Sendable {
    var lines: [String] = []
}
