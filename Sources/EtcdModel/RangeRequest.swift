import ProtoWire

/// etcdserverpb.RangeRequest. `rangeEnd` empty = the single key `key`; `[0]` = every key >= `key`.
public struct RangeRequest: Equatable, Sendable, WireMessage {
    public enum SortOrder: Int, Sendable { case none = 0, ascend = 1, descend = 2 }
    public enum SortTarget: Int, Sendable { case key = 0, version = 1, create = 2, mod = 3, value = 4 }

    public var key: [UInt8]
    public var rangeEnd: [UInt8]
    public var limit: Int64
    public var revision: Int64
    public var sortOrder: SortOrder
    public var sortTarget: SortTarget
    public var serializable: Bool
    public var keysOnly: Bool
    public var countOnly: Bool
    public var minModRevision: Int64 = 0
    public var maxModRevision: Int64 = 0
    public var minCreateRevision: Int64 = 0
    public var maxCreateRevision: Int64 = 0

    public init(key: [UInt8], rangeEnd: [UInt8] = [], limit: Int64 = 0, revision: Int64 = 0,
                sortOrder: SortOrder = .none, sortTarget: SortTarget = .key, serializable: Bool = false,
                keysOnly: Bool = false, countOnly: Bool = false) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.limit = limit
        self.revision = revision
        self.sortOrder = sortOrder
        self.sortTarget = sortTarget
        self.serializable = serializable
        self.keysOnly = keysOnly
        self.countOnly = countOnly
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init(key: [])
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): key = try r.readByteArray()
            case (2, .lengthDelimited): rangeEnd = try r.readByteArray()
            case (3, .varint): limit = try r.readInt64()
            case (4, .varint): revision = try r.readInt64()
            case (5, .varint): sortOrder = SortOrder(rawValue: Int(truncatingIfNeeded: try r.readVarint())) ?? .none
            case (6, .varint): sortTarget = SortTarget(rawValue: Int(truncatingIfNeeded: try r.readVarint())) ?? .key
            case (7, .varint): serializable = try r.readBool()
            case (8, .varint): keysOnly = try r.readBool()
            case (9, .varint): countOnly = try r.readBool()
            case (10, .varint): minModRevision = try r.readInt64()
            case (11, .varint): maxModRevision = try r.readInt64()
            case (12, .varint): minCreateRevision = try r.readInt64()
            case (13, .varint): maxCreateRevision = try r.readInt64()
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        if !key.isEmpty { w.writeBytes(1, key) }
        if !rangeEnd.isEmpty { w.writeBytes(2, rangeEnd) }
        if limit != 0 { w.writeInt(3, limit) }
        if revision != 0 { w.writeInt(4, revision) }
        if sortOrder != .none { w.writeInt(5, Int64(sortOrder.rawValue)) }
        if sortTarget != .key { w.writeInt(6, Int64(sortTarget.rawValue)) }
        if serializable { w.writeBool(7, true) }
        if keysOnly { w.writeBool(8, true) }
        if countOnly { w.writeBool(9, true) }
        if minModRevision != 0 { w.writeInt(10, minModRevision) }
        if maxModRevision != 0 { w.writeInt(11, maxModRevision) }
        if minCreateRevision != 0 { w.writeInt(12, minCreateRevision) }
        if maxCreateRevision != 0 { w.writeInt(13, maxCreateRevision) }
    }
}
