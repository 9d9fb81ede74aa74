import ProtoWire

/// etcdserverpb.ResponseHeader. cluster and member ids are uint64 and must not pass through a
/// Double anywhere (JSON readers included).
public struct ResponseHeader: Equatable, Sendable {
    public var clusterID: UInt64 = 0
    public var memberID: UInt64 = 0
    public var revision: Int64 = 0
    public var raftTerm: UInt64 = 0

    public init(clusterID: UInt64 = 0, memberID: UInt64 = 0, revision: Int64 = 0, raftTerm: UInt64 = 0) {
        self.clusterID = clusterID
        self.memberID = memberID
        self.revision = revision
        self.raftTerm = raftTerm
    }

    public init(decoding reader: WireReader) throws(WireError) {
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .varint): clusterID = try r.readVarint()
            case (2, .varint): memberID = try r.readVarint()
            case (3, .varint): revision = Int64(bitPattern: try r.readVarint())
            case (4, .varint): raftTerm = try r.readVarint()
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        if clusterID != 0 { w.writeTag(1, .varint); w.writeVarint(clusterID) }
        if memberID != 0 { w.writeTag(2, .varint); w.writeVarint(memberID) }
        if revision != 0 { w.writeInt(3, revision) }
        if raftTerm != 0 { w.writeTag(4, .varint); w.writeVarint(raftTerm) }
    }
}
