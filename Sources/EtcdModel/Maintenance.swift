import ProtoWire

/// A request message with no fields (StatusRequest, SnapshotRequest, AlarmRequest with defaults).
public struct EmptyRequest: Equatable, Sendable, WireMessage {
    public init() {}
    public init(decoding reader: WireReader) throws(WireError) {
        var r = reader
        while let (_, wire) = try r.readTag() { try r.skip(wire) }
    }
    public func encode(into w: inout WireWriter) {}
}

/// etcdserverpb.StatusResponse.
public struct StatusResponse: Equatable, Sendable, WireMessage {
    public var header = ResponseHeader()
    public var version = ""
    public var dbSize: Int64 = 0
    public var leader: UInt64 = 0
    public var raftIndex: UInt64 = 0
    public var raftTerm: UInt64 = 0
    public var raftAppliedIndex: UInt64 = 0
    public var errors: [String] = []
    public var dbSizeInUse: Int64 = 0
    public var isLearner = false

    public init() {}

    public init(decoding reader: WireReader) throws(WireError) {
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): header = try r.readMessage()
            case (2, .lengthDelimited): version = try r.readString()
            case (3, .varint): dbSize = try r.readInt64()
            case (4, .varint): leader = try r.readVarint()
            case (5, .varint): raftIndex = try r.readVarint()
            case (6, .varint): raftTerm = try r.readVarint()
            case (7, .varint): raftAppliedIndex = try r.readVarint()
            case (8, .lengthDelimited): errors.append(try r.readString())
            case (9, .varint): dbSizeInUse = try r.readInt64()
            case (10, .varint): isLearner = try r.readBool()
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        w.writeMessage(1, header)
        if !version.isEmpty { w.writeString(2, version) }
        if dbSize != 0 { w.writeInt(3, dbSize) }
        if leader != 0 { w.writeTag(4, .varint); w.writeVarint(leader) }
        if raftIndex != 0 { w.writeTag(5, .varint); w.writeVarint(raftIndex) }
        if raftTerm != 0 { w.writeTag(6, .varint); w.writeVarint(raftTerm) }
        if raftAppliedIndex != 0 { w.writeTag(7, .varint); w.writeVarint(raftAppliedIndex) }
        for e in errors { w.writeString(8, e) }
        if dbSizeInUse != 0 { w.writeInt(9, dbSizeInUse) }
        if isLearner { w.writeBool(10, true) }
    }
}

/// etcdserverpb.HashKVRequest.
public struct HashKVRequest: Equatable, Sendable, WireMessage {
    /// 0 = the latest revision.
    public var revision: Int64

    public init(revision: Int64 = 0) { self.revision = revision }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init()
        var r = reader
        while let (field, wire) = try r.readTag() {
            if field == 1, wire == .varint { revision = try r.readInt64() } else { try r.skip(wire) }
        }
    }

    public func encode(into w: inout WireWriter) {
        if revision != 0 { w.writeInt(1, revision) }
    }
}

/// etcdserverpb.HashKVResponse.
public struct HashKVResponse: Equatable, Sendable, WireMessage {
    public var header: ResponseHeader
    /// CRC-32C over the MVCC keys and values up to the revision.
    public var hash: UInt32
    public var compactRevision: Int64

    public init(header: ResponseHeader = ResponseHeader(), hash: UInt32 = 0, compactRevision: Int64 = 0) {
        self.header = header
        self.hash = hash
        self.compactRevision = compactRevision
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init()
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): header = try r.readMessage()
            case (2, .varint): hash = UInt32(truncatingIfNeeded: try r.readVarint())
            case (3, .varint): compactRevision = try r.readInt64()
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        w.writeMessage(1, header)
        if hash != 0 { w.writeTag(2, .varint); w.writeVarint(UInt64(hash)) }
        if compactRevision != 0 { w.writeInt(3, compactRevision) }
    }
}

/// etcdserverpb.SnapshotResponse: one chunk of the database stream.
public struct SnapshotResponse: Equatable, Sendable, WireMessage {
    public var header = ResponseHeader()
    public var remainingBytes: UInt64 = 0
    public var blob: [UInt8] = []
    /// Storage version; only etcd 3.6 and later send it.
    public var version = ""

    public init(remainingBytes: UInt64 = 0, blob: [UInt8] = []) {
        self.remainingBytes = remainingBytes
        self.blob = blob
    }

    public init(decoding reader: WireReader) throws(WireError) {
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .lengthDelimited): header = try r.readMessage()
            case (2, .varint): remainingBytes = try r.readVarint()
            case (3, .lengthDelimited): blob = try r.readByteArray()
            case (4, .lengthDelimited): version = try r.readString()
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        if header != ResponseHeader() { w.writeMessage(1, header) }
        if remainingBytes != 0 { w.writeTag(2, .varint); w.writeVarint(remainingBytes) }
        if !blob.isEmpty { w.writeBytes(3, blob) }
        if !version.isEmpty { w.writeString(4, version) }
    }
}
