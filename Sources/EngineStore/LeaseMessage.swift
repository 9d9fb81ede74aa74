import ProtoWire

/// leasepb.Lease, the value of etcd's `lease` bucket: ID=1, TTL=2, RemainingTTL=3 (all int64).
struct LeaseMessage: Equatable {
    var id: Int64
    var ttl: Int64
    var remainingTTL: Int64 = 0

    func serialized() -> [UInt8] {
        var w = WireWriter(capacity: 32)
        if id != 0 { w.writeInt(1, id) }
        if ttl != 0 { w.writeInt(2, ttl) }
        if remainingTTL != 0 { w.writeInt(3, remainingTTL) }
        return w.bytes
    }

    init(id: Int64, ttl: Int64, remainingTTL: Int64 = 0) {
        self.id = id
        self.ttl = ttl
        self.remainingTTL = remainingTTL
    }

    init(decoding reader: WireReader) throws(WireError) {
        self.init(id: 0, ttl: 0)
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .varint): id = Int64(bitPattern: try r.readVarint())
            case (2, .varint): ttl = Int64(bitPattern: try r.readVarint())
            case (3, .varint): remainingTTL = Int64(bitPattern: try r.readVarint())
            default: try r.skip(wire)
            }
        }
    }
}
