import ProtoWire

/// mvccpb.KeyValue: one revision of one key, as etcd stores it in its `key` bucket and returns it
/// from Range.
public struct KeyValue: Equatable, Sendable {
    public var key: [UInt8]
    public var createRevision: Int64
    public var modRevision: Int64
    public var version: Int64
    public var value: [UInt8]
    public var lease: Int64

    public init(key: [UInt8], createRevision: Int64 = 0, modRevision: Int64 = 0, version: Int64 = 0,
                value: [UInt8] = [], lease: Int64 = 0) {
        self.key = key
        self.createRevision = createRevision
        self.modRevision = modRevision
        self.version = version
        self.value = value
        self.lease = lease
    }

    public var keyString: String { String(decoding: key, as: UTF8.self) }

    /// Field numbers from etcd's kv.proto.
    enum Field {
        static let key = 1, createRevision = 2, modRevision = 3, version = 4, value = 5, lease = 6
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init(key: [])
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (Field.key, .lengthDelimited): key = r.array(try r.readLengthDelimited())
            case (Field.createRevision, .varint): createRevision = Int64(bitPattern: try r.readVarint())
            case (Field.modRevision, .varint): modRevision = Int64(bitPattern: try r.readVarint())
            case (Field.version, .varint): version = Int64(bitPattern: try r.readVarint())
            case (Field.value, .lengthDelimited): value = r.array(try r.readLengthDelimited())
            case (Field.lease, .varint): lease = Int64(bitPattern: try r.readVarint())
            default: try r.skip(wire)
            }
        }
    }

    public init(serialized bytes: [UInt8]) throws(WireError) {
        var result: Result<KeyValue, WireError> = .failure(WireError(.truncated, at: 0))
        bytes.withUnsafeBytes { raw in
            do throws(WireError) { result = .success(try KeyValue(decoding: WireReader(raw))) }
            catch { result = .failure(error) }
        }
        self = try result.get()
    }

    /// proto3 encoding: zero values are omitted, as etcd (golang/protobuf, gogo) writes them.
    public func encode(into w: inout WireWriter) {
        if !key.isEmpty { w.writeBytes(Field.key, key) }
        if createRevision != 0 { w.writeInt(Field.createRevision, createRevision) }
        if modRevision != 0 { w.writeInt(Field.modRevision, modRevision) }
        if version != 0 { w.writeInt(Field.version, version) }
        if !value.isEmpty { w.writeBytes(Field.value, value) }
        if lease != 0 { w.writeInt(Field.lease, lease) }
    }

    public func serialized() -> [UInt8] {
        var w = WireWriter(capacity: key.count + value.count + 40)
        encode(into: &w)
        return w.bytes
    }
}
