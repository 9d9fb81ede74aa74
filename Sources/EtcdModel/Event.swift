import ProtoWire

/// mvccpb.Event: one change seen by a watch.
public struct Event: Equatable, Sendable, WireMessage {
    public enum EventType: Int, Sendable { case put = 0, delete = 1 }

    public var type: EventType
    /// For a delete, etcd fills only `key` and `modRevision`.
    public var kv: KeyValue
    public var prevKV: KeyValue?

    public init(type: EventType = .put, kv: KeyValue = KeyValue(key: []), prevKV: KeyValue? = nil) {
        self.type = type
        self.kv = kv
        self.prevKV = prevKV
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init()
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .varint): type = try r.readVarint() == 1 ? .delete : .put
            case (2, .lengthDelimited): kv = try r.readMessage()
            case (3, .lengthDelimited): prevKV = try r.readMessage(KeyValue.self)
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        if type != .put { w.writeInt(1, Int64(type.rawValue)) }
        w.writeMessage(2, kv)
        if let prevKV { w.writeMessage(3, prevKV) }
    }
}
