import ProtoWire

/// etcdserverpb.RequestOp: one operation inside a transaction branch.
public enum RequestOp: Equatable, Sendable, WireMessage {
    case range(RangeRequest)
    case put(PutRequest)
    case deleteRange(DeleteRangeRequest)
    case txn(TxnRequest)

    public init(decoding reader: WireReader) throws(WireError) {
        var r = reader
        var op: RequestOp?
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): op = .range(try r.readMessage())
            case (2, .lengthDelimited): op = .put(try r.readMessage())
            case (3, .lengthDelimited): op = .deleteRange(try r.readMessage())
            case (4, .lengthDelimited): op = .txn(try r.readMessage())
            default: try r.skip(wire)
            }
        }
        // An empty RequestOp has no proto3 meaning; an empty range is the closest harmless reading.
        self = op ?? .range(RangeRequest(key: []))
    }

    public func encode(into w: inout WireWriter) {
        switch self {
        case .range(let m): w.writeMessage(1, m)
        case .put(let m): w.writeMessage(2, m)
        case .deleteRange(let m): w.writeMessage(3, m)
        case .txn(let m): w.writeMessage(4, m)
        }
    }
}

/// etcdserverpb.ResponseOp: the result of one RequestOp, in the same position.
public enum ResponseOp: Equatable, Sendable, WireMessage {
    case range(RangeResponse)
    case put(PutResponse)
    case deleteRange(DeleteRangeResponse)
    case txn(TxnResponse)

    public init(decoding reader: WireReader) throws(WireError) {
        var r = reader
        var op: ResponseOp?
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): op = .range(try r.readMessage())
            case (2, .lengthDelimited): op = .put(try r.readMessage())
            case (3, .lengthDelimited): op = .deleteRange(try r.readMessage())
            case (4, .lengthDelimited): op = .txn(try r.readMessage())
            default: try r.skip(wire)
            }
        }
        self = op ?? .range(RangeResponse())
    }

    public func encode(into w: inout WireWriter) {
        switch self {
        case .range(let m): w.writeMessage(1, m)
        case .put(let m): w.writeMessage(2, m)
        case .deleteRange(let m): w.writeMessage(3, m)
        case .txn(let m): w.writeMessage(4, m)
        }
    }
}
