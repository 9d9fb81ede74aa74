import ProtoWire

/// etcdserverpb.LeaseGrantRequest.
public struct LeaseGrantRequest: Equatable, Sendable, WireMessage {
    /// Seconds.
    public var ttl: Int64
    /// 0 = let the server choose.
    public var id: Int64

    public init(ttl: Int64 = 0, id: Int64 = 0) {
        self.ttl = ttl
        self.id = id
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init()
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .varint): ttl = try r.readInt64()
            case (2, .varint): id = try r.readInt64()
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        if ttl != 0 { w.writeInt(1, ttl) }
        if id != 0 { w.writeInt(2, id) }
    }
}

/// etcdserverpb.LeaseGrantResponse.
public struct LeaseGrantResponse: Equatable, Sendable, WireMessage {
    public var header: ResponseHeader
    public var id: Int64
    public var ttl: Int64
    public var error: String

    public init(header: ResponseHeader = ResponseHeader(), id: Int64 = 0, ttl: Int64 = 0, error: String = "") {
        self.header = header
        self.id = id
        self.ttl = ttl
        self.error = error
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init()
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): header = try r.readMessage()
            case (2, .varint): id = try r.readInt64()
            case (3, .varint): ttl = try r.readInt64()
            case (4, .lengthDelimited): error = try r.readString()
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        w.writeMessage(1, header)
        if id != 0 { w.writeInt(2, id) }
        if ttl != 0 { w.writeInt(3, ttl) }
        if !error.isEmpty { w.writeString(4, error) }
    }
}
