import EtcdModel
import ProtoWire
import Testing

/// Wire-level checks of the etcd messages that need no server: exact bytes for hand-computed
/// cases, and round trips for the rest. The live tests check that etcd itself agrees.
@Suite struct MessageWireTests {
    @Test func rangeRequestBytesMatchTheProtobufEncoding() {
        // key "a" (field 1), range_end "b" (field 2), limit 5 (field 3), keys_only (field 8).
        let r = RangeRequest(key: Array("a".utf8), rangeEnd: Array("b".utf8), limit: 5, keysOnly: true)
        #expect(r.serialized() == [0x0A, 1, 0x61, 0x12, 1, 0x62, 0x18, 5, 0x40, 1])
    }

    @Test func zeroValuesAreOmitted() {
        #expect(RangeRequest(key: []).serialized().isEmpty)
        #expect(PutRequest(key: []).serialized().isEmpty)
        #expect(DeleteRangeRequest(key: []).serialized().isEmpty)
    }

    @Test func negativeInt64IsTenByteVarint() {
        let r = RangeRequest(key: [], revision: -1)
        #expect(r.serialized() == [0x20] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
    }

    @Test func compareWritesZeroOneofArm() throws {
        // "version == 0" (create-if-absent) must still send field 4 with value 0.
        let c = Compare(key: Array("k".utf8), .equal, .version(0))
        #expect(c.serialized() == [0x1A, 1, 0x6B, 0x20, 0])
        let mod = Compare(key: Array("k".utf8), .equal, .modRevision(7))
        #expect(mod.serialized() == [0x10, 2, 0x1A, 1, 0x6B, 0x30, 7])
        #expect(try Compare(serialized: mod.serialized()) == mod)
    }

    @Test func compareRangeEndUsesFieldSixtyFour() throws {
        let c = Compare(key: [1], .greater, .createRevision(3), rangeEnd: [2])
        let bytes = c.serialized()
        // Field 64, wire type 2: tag varint 0x202 = [0x82, 0x04].
        #expect(Array(bytes.suffix(4)) == [0x82, 0x04, 1, 2])
        #expect(try Compare(serialized: bytes) == c)
    }

    @Test func txnRoundTripsNestedOps() throws {
        let txn = TxnRequest(
            compare: [Compare(key: Array("a".utf8), .equal, .value(Array("x".utf8)))],
            success: [.put(PutRequest(key: Array("a".utf8), value: Array("y".utf8), prevKV: true)),
                      .txn(TxnRequest(success: [.deleteRange(DeleteRangeRequest(key: [9], rangeEnd: [10]))]))],
            failure: [.range(RangeRequest(key: Array("a".utf8), limit: 1))])
        #expect(try TxnRequest(serialized: txn.serialized()) == txn)

        let resp = TxnResponse(header: ResponseHeader(clusterID: .max, memberID: 1, revision: 9, raftTerm: 2), succeeded: true,
                               responses: [.put(PutResponse(header: ResponseHeader(revision: 9), prevKV: KeyValue(key: [1], value: [2]))),
                                           .range(RangeResponse(kvs: [KeyValue(key: [3], modRevision: 4)], more: true, count: 8)),
                                           .deleteRange(DeleteRangeResponse(deleted: 2, prevKVs: [KeyValue(key: [5])]))])
        #expect(try TxnResponse(serialized: resp.serialized()) == resp)
    }

    @Test func watchMessagesRoundTrip() throws {
        let create = WatchRequest.create(WatchCreateRequest(key: [1], rangeEnd: [2], startRevision: 10, progressNotify: true,
                                                            filters: [.noDelete], prevKV: true))
        #expect(try WatchRequest(serialized: create.serialized()) == create)
        let cancel = WatchRequest.cancel(watchID: 3)
        #expect(try WatchRequest(serialized: cancel.serialized()) == cancel)

        let resp = WatchResponse(header: ResponseHeader(revision: 12), watchID: 1, created: false, canceled: true,
                                 compactRevision: 5, cancelReason: "gone",
                                 events: [Event(type: .delete, kv: KeyValue(key: [1], modRevision: 12), prevKV: KeyValue(key: [1], value: [7]))])
        #expect(try WatchResponse(serialized: resp.serialized()) == resp)
    }

    @Test func unknownFieldsAreSkipped() throws {
        var w = WireWriter()
        w.writeInt(99, 1)                      // unknown varint
        w.writeBytes(98, [1, 2, 3])            // unknown bytes
        w.writeTag(97, .fixed32); w.bytes += [0, 0, 0, 0]
        w.writeString(2, "3.4.23")
        w.writeInt(3, 20480)
        let s = try StatusResponse(serialized: w.bytes)
        #expect(s.version == "3.4.23")
        #expect(s.dbSize == 20480)
    }

    @Test func truncatedInputThrowsInsteadOfCrashing() {
        let full = PutResponse(header: ResponseHeader(revision: 3), prevKV: KeyValue(key: [1, 2, 3], value: [4, 5])).serialized()
        // Byte 4 ends the header field, which is itself a valid (shorter) message.
        #expect(full.prefix(4) == [0x0A, 2, 0x18, 3])
        for cut in 1..<full.count where cut != 4 {
            #expect(throws: WireError.self) { try PutResponse(serialized: Array(full.prefix(cut))) }
        }
    }

    @Test func snapshotAndStatusRoundTrip() throws {
        let m = SnapshotResponse(remainingBytes: 1 << 40, blob: Array(0..<200).map { UInt8($0) })
        #expect(try SnapshotResponse(serialized: m.serialized()) == m)
        var s = StatusResponse()
        s.leader = .max
        s.raftIndex = 1 << 63
        s.errors = ["a", "b"]
        s.isLearner = true
        #expect(try StatusResponse(serialized: s.serialized()) == s)
        let h = HashKVResponse(header: ResponseHeader(revision: 4), hash: .max, compactRevision: 2)
        #expect(try HashKVResponse(serialized: h.serialized()) == h)
    }

    @Test func leaseMessagesRoundTrip() throws {
        #expect(LeaseIDRequest(id: 7, keys: true).serialized() == [0x08, 7, 0x10, 1])
        let ttl = LeaseTimeToLiveResponse(header: ResponseHeader(revision: 3), id: 7, ttl: -1, grantedTTL: 60, keys: [[1], [2, 3]])
        #expect(try LeaseTimeToLiveResponse(serialized: ttl.serialized()) == ttl)
        let ka = LeaseKeepAliveResponse(header: ResponseHeader(revision: 3), id: 7, ttl: 60)
        #expect(try LeaseKeepAliveResponse(serialized: ka.serialized()) == ka)
    }
}
