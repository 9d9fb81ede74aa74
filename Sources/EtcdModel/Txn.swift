import ProtoWire

/// etcdserverpb.TxnRequest: if every compare holds, run `success`, else `failure`, atomically.
public struct TxnRequest: Equatable, Sendable, WireMessage {
    public var compare: [Compare]
    public var success: [RequestOp]
    public var failure: [RequestOp]

    public init(compare: [Compare] = [], success: [RequestOp] = [], failure: [RequestOp] = []) {
        self.compare = compare
        self.success = success
        self.failure = failure
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init()
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): compare.append(try r.readMessage())
            case (2, .lengthDelimited): success.append(try r.readMessage())
            case (3, .lengthDelimited): failure.append(try r.readMessage())
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        for c in compare { w.writeMessage(1, c) }
        for op in success { w.writeMessage(2, op) }
        for op in failure { w.writeMessage(3, op) }
    }
}

/// etcdserverpb.TxnResponse.
public struct TxnResponse: Equatable, Sendable, WireMessage {
    public var header: ResponseHeader
    public var succeeded: Bool
    public var responses: [ResponseOp]

    public init(header: ResponseHeader = ResponseHeader(), succeeded: Bool = false, responses: [ResponseOp] = []) {
        self.header = header
        self.succeeded = succeeded
        self.responses = responses
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init()
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): header = try r.readMessage()
            case (2, .varint): succeeded = try r.readBool()
            case (3, .lengthDelimited): responses.append(try r.readMessage())
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        w.writeMessage(1, header)
        if succeeded { w.writeBool(2, true) }
        for op in responses { w.writeMessage(3, op) }
    }
}
