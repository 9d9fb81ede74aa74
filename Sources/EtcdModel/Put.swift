import ProtoWire

/// etcdserverpb.PutRequest.
public struct PutRequest: Equatable, Sendable, WireMessage {
    public var key: [UInt8]
    public var value: [UInt8]
    public var lease: Int64
    public var prevKV: Bool
    public var ignoreValue: Bool
    public var ignoreLease: Bool

    public init(key: [UInt8], value: [UInt8] = [], lease: Int64 = 0, prevKV: Bool = false,
                ignoreValue: Bool = false, ignoreLease: Bool = false) {
        self.key = key
        self.value = value
        self.lease = lease
        self.prevKV = prevKV
        self.ignoreValue = ignoreValue
        self.ignoreLease = ignoreLease
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init(key: [])
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): key = try r.readByteArray()
            case (2, .lengthDelimited): value = try r.readByteArray()
            case (3, .varint): lease = try r.readInt64()
            case (4, .varint): prevKV = try r.readBool()
            case (5, .varint): ignoreValue = try r.readBool()
            case (6, .varint): ignoreLease = try r.readBool()
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        if !key.isEmpty { w.writeBytes(1, key) }
        if !value.isEmpty { w.writeBytes(2, value) }
        if lease != 0 { w.writeInt(3, lease) }
        if prevKV { w.writeBool(4, true) }
        if ignoreValue { w.writeBool(5, true) }
        if ignoreLease { w.writeBool(6, true) }
    }
}

/// etcdserverpb.PutResponse.
public struct PutResponse: Equatable, Sendable, WireMessage {
    public var header: ResponseHeader
    public var prevKV: KeyValue?

    public init(header: ResponseHeader = ResponseHeader(), prevKV: KeyValue? = nil) {
        self.header = header
        self.prevKV = prevKV
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init()
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): header = try r.readMessage()
            case (2, .lengthDelimited): prevKV = try r.readMessage(KeyValue.self)
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        w.writeMessage(1, header)
        if let prevKV { w.writeMessage(2, prevKV) }
    }
}
