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

/// etcdserverpb.LeaseRevokeRequest, LeaseKeepAliveRequest and the ID part of
/// LeaseTimeToLiveRequest: a message holding only a lease ID in field 1.
public struct LeaseIDRequest: Equatable, Sendable, WireMessage {
    public var id: Int64
    /// LeaseTimeToLiveRequest only: also list the keys attached to the lease (field 2).
    public var keys: Bool

    public init(id: Int64, keys: Bool = false) {
        self.id = id
        self.keys = keys
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init(id: 0)
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .varint): id = try r.readInt64()
            case (2, .varint): keys = try r.readBool()
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        if id != 0 { w.writeInt(1, id) }
        if keys { w.writeBool(2, true) }
    }
}

/// etcdserverpb.LeaseKeepAliveResponse.
public struct LeaseKeepAliveResponse: Equatable, Sendable, WireMessage {
    public var header: ResponseHeader
    public var id: Int64
    /// The new remaining TTL in seconds; 0 or less means the lease no longer exists.
    public var ttl: Int64

    public init(header: ResponseHeader = ResponseHeader(), id: Int64 = 0, ttl: Int64 = 0) {
        self.header = header
        self.id = id
        self.ttl = ttl
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init()
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): header = try r.readMessage()
            case (2, .varint): id = try r.readInt64()
            case (3, .varint): ttl = try r.readInt64()
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        w.writeMessage(1, header)
        if id != 0 { w.writeInt(2, id) }
        if ttl != 0 { w.writeInt(3, ttl) }
    }
}

/// etcdserverpb.LeaseTimeToLiveResponse.
public struct LeaseTimeToLiveResponse: Equatable, Sendable, WireMessage {
    public var header: ResponseHeader
    public var id: Int64
    /// Remaining seconds; -1 when the lease does not exist (expired or revoked).
    public var ttl: Int64
    public var grantedTTL: Int64
    public var keys: [[UInt8]]

    public init(header: ResponseHeader = ResponseHeader(), id: Int64 = 0, ttl: Int64 = 0, grantedTTL: Int64 = 0, keys: [[UInt8]] = []) {
        self.header = header
        self.id = id
        self.ttl = ttl
        self.grantedTTL = grantedTTL
        self.keys = keys
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init()
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): header = try r.readMessage()
            case (2, .varint): id = try r.readInt64()
            case (3, .varint): ttl = try r.readInt64()
            case (4, .varint): grantedTTL = try r.readInt64()
            case (5, .lengthDelimited): keys.append(try r.readByteArray())
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        w.writeMessage(1, header)
        if id != 0 { w.writeInt(2, id) }
        if ttl != 0 { w.writeInt(3, ttl) }
        if grantedTTL != 0 { w.writeInt(4, grantedTTL) }
        for k in keys { w.writeBytes(5, k) }
    }
}
