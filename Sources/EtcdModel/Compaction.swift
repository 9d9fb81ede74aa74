import ProtoWire

/// etcdserverpb.CompactionRequest.
public struct CompactionRequest: Equatable, Sendable, WireMessage {
    public var revision: Int64
    /// Wait until the compaction is physically applied to the backend before returning.
    public var physical: Bool

    public init(revision: Int64 = 0, physical: Bool = false) {
        self.revision = revision
        self.physical = physical
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init()
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .varint): revision = try r.readInt64()
            case (2, .varint): physical = try r.readBool()
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        if revision != 0 { w.writeInt(1, revision) }
        if physical { w.writeBool(2, true) }
    }
}

/// A response that carries only a header (CompactionResponse, AuthEnableResponse, ...).
public struct HeaderOnlyResponse: Equatable, Sendable, WireMessage {
    public var header: ResponseHeader

    public init(header: ResponseHeader = ResponseHeader()) { self.header = header }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init()
        var r = reader
        while let (field, wire) = try r.readTag() {
            if field == 1, wire == .lengthDelimited { header = try r.readMessage() } else { try r.skip(wire) }
        }
    }

    public func encode(into w: inout WireWriter) {
        w.writeMessage(1, header)
    }
}
