import ProtoWire

/// leasepb.Lease as stored in the `lease` bucket (key: the ID as u64 big-endian).
public struct Lease: Sendable, Equatable {
    public var id: Int64
    public var ttl: Int64
    public var remainingTTL: Int64

    init(decoding bytes: UnsafeRawBufferPointer) throws(WireError) {
        id = 0; ttl = 0; remainingTTL = 0
        var r = WireReader(bytes)
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
