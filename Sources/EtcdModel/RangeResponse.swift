import ProtoWire

/// etcdserverpb.RangeResponse, also what `etcdctl get -w protobuf` prints.
public struct RangeResponse: Equatable, Sendable {
    public var header = ResponseHeader()
    public var kvs: [KeyValue] = []
    public var more = false
    public var count: Int64 = 0

    public init(header: ResponseHeader = ResponseHeader(), kvs: [KeyValue] = [], more: Bool = false, count: Int64 = 0) {
        self.header = header
        self.kvs = kvs
        self.more = more
        self.count = count
    }

    public init(decoding reader: WireReader) throws(WireError) {
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): header = try ResponseHeader(decoding: r.sub(try r.readLengthDelimited()))
            case (2, .lengthDelimited): kvs.append(try KeyValue(decoding: r.sub(try r.readLengthDelimited())))
            case (3, .varint): more = try r.readVarint() != 0
            case (4, .varint): count = Int64(bitPattern: try r.readVarint())
            default: try r.skip(wire)
            }
        }
    }

    public init(serialized bytes: [UInt8]) throws(WireError) {
        var result: Result<RangeResponse, WireError> = .failure(WireError(.truncated, at: 0))
        bytes.withUnsafeBytes { raw in
            do throws(WireError) { result = .success(try RangeResponse(decoding: WireReader(raw))) }
            catch { result = .failure(error) }
        }
        self = try result.get()
    }

    public func encode(into w: inout WireWriter) {
        let h = w.beginMessage(1)
        header.encode(into: &w)
        w.endMessage(h)
        for kv in kvs {
            let m = w.beginMessage(2)
            kv.encode(into: &w)
            w.endMessage(m)
        }
        if more { w.writeBool(3, true) }
        if count != 0 { w.writeInt(4, count) }
    }

    public func serialized() -> [UInt8] {
        var w = WireWriter(capacity: 1024)
        encode(into: &w)
        return w.bytes
    }
}
