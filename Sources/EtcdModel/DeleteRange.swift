import ProtoWire

/// etcdserverpb.DeleteRangeRequest.
public struct DeleteRangeRequest: Equatable, Sendable, WireMessage {
    public var key: [UInt8]
    public var rangeEnd: [UInt8]
    public var prevKV: Bool

    public init(key: [UInt8], rangeEnd: [UInt8] = [], prevKV: Bool = false) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.prevKV = prevKV
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init(key: [])
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): key = try r.readByteArray()
            case (2, .lengthDelimited): rangeEnd = try r.readByteArray()
            case (3, .varint): prevKV = try r.readBool()
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        if !key.isEmpty { w.writeBytes(1, key) }
        if !rangeEnd.isEmpty { w.writeBytes(2, rangeEnd) }
        if prevKV { w.writeBool(3, true) }
    }
}

/// etcdserverpb.DeleteRangeResponse.
public struct DeleteRangeResponse: Equatable, Sendable, WireMessage {
    public var header: ResponseHeader
    public var deleted: Int64
    public var prevKVs: [KeyValue]

    public init(header: ResponseHeader = ResponseHeader(), deleted: Int64 = 0, prevKVs: [KeyValue] = []) {
        self.header = header
        self.deleted = deleted
        self.prevKVs = prevKVs
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init()
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): header = try r.readMessage()
            case (2, .varint): deleted = try r.readInt64()
            case (3, .lengthDelimited): prevKVs.append(try r.readMessage())
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        w.writeMessage(1, header)
        if deleted != 0 { w.writeInt(2, deleted) }
        for kv in prevKVs { w.writeMessage(3, kv) }
    }
}
