import ProtoWire

/// etcdserverpb.AuthenticateRequest.
public struct AuthenticateRequest: Equatable, Sendable, WireMessage {
    public var name: String
    public var password: String

    public init(name: String = "", password: String = "") {
        self.name = name
        self.password = password
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init()
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): name = try r.readString()
            case (2, .lengthDelimited): password = try r.readString()
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        if !name.isEmpty { w.writeString(1, name) }
        if !password.isEmpty { w.writeString(2, password) }
    }
}

/// etcdserverpb.AuthenticateResponse.
public struct AuthenticateResponse: Equatable, Sendable, WireMessage {
    public var header: ResponseHeader
    public var token: String

    public init(header: ResponseHeader = ResponseHeader(), token: String = "") {
        self.header = header
        self.token = token
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init()
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): header = try r.readMessage()
            case (2, .lengthDelimited): token = try r.readString()
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        w.writeMessage(1, header)
        if !token.isEmpty { w.writeString(2, token) }
    }
}
