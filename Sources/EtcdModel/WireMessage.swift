import ProtoWire

/// A protobuf message that can be read from and written to the wire. Gives every etcd message the
/// same `serialized()` / `init(serialized:)` pair so transports can treat them uniformly.
public protocol WireMessage: Sendable {
    init(decoding reader: WireReader) throws(WireError)
    func encode(into w: inout WireWriter)
}

extension WireMessage {
    public func serialized() -> [UInt8] {
        var w = WireWriter(capacity: 128)
        encode(into: &w)
        return w.bytes
    }

    public init(serialized bytes: [UInt8]) throws(WireError) {
        var result: Result<Self, WireError> = .failure(WireError(.truncated, at: 0))
        bytes.withUnsafeBytes { raw in
            do throws(WireError) { result = .success(try Self(decoding: WireReader(raw))) }
            catch { result = .failure(error) }
        }
        self = try result.get()
    }

    /// Decodes from memory owned by the caller (a transport buffer), without copying it first.
    public init(serialized raw: UnsafeRawBufferPointer) throws(WireError) {
        self = try Self(decoding: WireReader(raw))
    }
}

extension KeyValue: WireMessage {}
extension RangeResponse: WireMessage {}
extension ResponseHeader: WireMessage {}

extension WireWriter {
    /// Writes `message` as a nested, length-delimited field. Always written, even when empty,
    /// because presence matters for message fields (a oneof arm, an optional prev_kv).
    public mutating func writeMessage<M: WireMessage>(_ field: Int, _ message: M) {
        let token = beginMessage(field)
        message.encode(into: &self)
        endMessage(token)
    }
}

extension WireReader {
    /// Reads a nested message whose tag was just read.
    public mutating func readMessage<M: WireMessage>(_ type: M.Type = M.self) throws(WireError) -> M {
        let range = try readLengthDelimited()
        return try M(decoding: sub(range))
    }

    public mutating func readInt64() throws(WireError) -> Int64 {
        Int64(bitPattern: try readVarint())
    }

    public mutating func readBool() throws(WireError) -> Bool {
        try readVarint() != 0
    }

    public mutating func readByteArray() throws(WireError) -> [UInt8] {
        array(try readLengthDelimited())
    }

    public mutating func readString() throws(WireError) -> String {
        string(try readLengthDelimited())
    }
}
