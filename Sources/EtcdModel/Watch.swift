import ProtoWire

/// etcdserverpb.WatchCreateRequest.
public struct WatchCreateRequest: Equatable, Sendable, WireMessage {
    public enum Filter: Int, Sendable { case noPut = 0, noDelete = 1 }

    public var key: [UInt8]
    public var rangeEnd: [UInt8]
    /// 0 = from the next revision.
    public var startRevision: Int64
    public var progressNotify: Bool
    public var filters: [Filter]
    public var prevKV: Bool
    public var watchID: Int64
    public var fragment: Bool

    public init(key: [UInt8], rangeEnd: [UInt8] = [], startRevision: Int64 = 0, progressNotify: Bool = false,
                filters: [Filter] = [], prevKV: Bool = false, watchID: Int64 = 0, fragment: Bool = false) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.startRevision = startRevision
        self.progressNotify = progressNotify
        self.filters = filters
        self.prevKV = prevKV
        self.watchID = watchID
        self.fragment = fragment
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init(key: [])
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): key = try r.readByteArray()
            case (2, .lengthDelimited): rangeEnd = try r.readByteArray()
            case (3, .varint): startRevision = try r.readInt64()
            case (4, .varint): progressNotify = try r.readBool()
            case (5, .varint): filters.append(try r.readVarint() == 1 ? .noDelete : .noPut)
            case (5, .lengthDelimited):
                var packed = r.sub(try r.readLengthDelimited())
                while !packed.isAtEnd { filters.append(try packed.readVarint() == 1 ? .noDelete : .noPut) }
            case (6, .varint): prevKV = try r.readBool()
            case (7, .varint): watchID = try r.readInt64()
            case (8, .varint): fragment = try r.readBool()
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        if !key.isEmpty { w.writeBytes(1, key) }
        if !rangeEnd.isEmpty { w.writeBytes(2, rangeEnd) }
        if startRevision != 0 { w.writeInt(3, startRevision) }
        if progressNotify { w.writeBool(4, true) }
        if !filters.isEmpty { w.writeBytes(5, filters.map { UInt8($0.rawValue) }) }  // packed; values < 128
        if prevKV { w.writeBool(6, true) }
        if watchID != 0 { w.writeInt(7, watchID) }
        if fragment { w.writeBool(8, true) }
    }
}

/// etcdserverpb.WatchRequest: the oneof sent on the bidirectional Watch stream.
public enum WatchRequest: Equatable, Sendable, WireMessage {
    case create(WatchCreateRequest)
    case cancel(watchID: Int64)
    case progress

    public init(decoding reader: WireReader) throws(WireError) {
        var r = reader
        var result: WatchRequest = .progress
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): result = .create(try r.readMessage())
            case (2, .lengthDelimited):
                var c = r.sub(try r.readLengthDelimited())
                var id: Int64 = 0
                while let (f, wt) = try c.readTag() {
                    if f == 1, wt == .varint { id = try c.readInt64() } else { try c.skip(wt) }
                }
                result = .cancel(watchID: id)
            case (3, .lengthDelimited): _ = try r.readLengthDelimited(); result = .progress
            default: try r.skip(wire)
            }
        }
        self = result
    }

    public func encode(into w: inout WireWriter) {
        switch self {
        case .create(let c): w.writeMessage(1, c)
        case .cancel(let id):
            let t = w.beginMessage(2)
            if id != 0 { w.writeInt(1, id) }
            w.endMessage(t)
        case .progress:
            let t = w.beginMessage(3)
            w.endMessage(t)
        }
    }
}

/// etcdserverpb.WatchResponse.
public struct WatchResponse: Equatable, Sendable, WireMessage {
    public var header: ResponseHeader
    public var watchID: Int64
    public var created: Bool
    public var canceled: Bool
    /// Set when the requested start revision was compacted away; the watch is then canceled.
    public var compactRevision: Int64
    public var cancelReason: String
    public var fragment: Bool
    public var events: [Event]

    public init(header: ResponseHeader = ResponseHeader(), watchID: Int64 = 0, created: Bool = false,
                canceled: Bool = false, compactRevision: Int64 = 0, cancelReason: String = "",
                fragment: Bool = false, events: [Event] = []) {
        self.header = header
        self.watchID = watchID
        self.created = created
        self.canceled = canceled
        self.compactRevision = compactRevision
        self.cancelReason = cancelReason
        self.fragment = fragment
        self.events = events
    }

    /// A response with no events that is neither created nor canceled: a progress notification.
    public var isProgressNotify: Bool { events.isEmpty && !created && !canceled && compactRevision == 0 }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init()
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): header = try r.readMessage()
            case (2, .varint): watchID = try r.readInt64()
            case (3, .varint): created = try r.readBool()
            case (4, .varint): canceled = try r.readBool()
            case (5, .varint): compactRevision = try r.readInt64()
            case (6, .lengthDelimited): cancelReason = try r.readString()
            case (7, .varint): fragment = try r.readBool()
            case (11, .lengthDelimited): events.append(try r.readMessage())
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        w.writeMessage(1, header)
        if watchID != 0 { w.writeInt(2, watchID) }
        if created { w.writeBool(3, true) }
        if canceled { w.writeBool(4, true) }
        if compactRevision != 0 { w.writeInt(5, compactRevision) }
        if !cancelReason.isEmpty { w.writeString(6, cancelReason) }
        if fragment { w.writeBool(7, true) }
        for e in events { w.writeMessage(11, e) }
    }
}
