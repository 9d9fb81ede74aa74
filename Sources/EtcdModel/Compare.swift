import ProtoWire

/// etcdserverpb.Compare: one guard of a transaction.
public struct Compare: Equatable, Sendable, WireMessage {
    public enum Result: Int, Sendable { case equal = 0, greater = 1, less = 2, notEqual = 3 }
    public enum Target: Int, Sendable { case version = 0, create = 1, mod = 2, value = 3, lease = 4 }
    /// The `target_union` oneof; its arm must agree with `target`.
    public enum TargetValue: Equatable, Sendable {
        case version(Int64)
        case createRevision(Int64)
        case modRevision(Int64)
        case value([UInt8])
        case lease(Int64)

        public var target: Target {
            switch self {
            case .version: .version
            case .createRevision: .create
            case .modRevision: .mod
            case .value: .value
            case .lease: .lease
            }
        }
    }

    public var result: Result
    public var target: Target
    public var key: [UInt8]
    public var rangeEnd: [UInt8]
    public var targetValue: TargetValue?

    public init(result: Result = .equal, target: Target = .version, key: [UInt8] = [], rangeEnd: [UInt8] = [],
                targetValue: TargetValue? = nil) {
        self.result = result
        self.target = target
        self.key = key
        self.rangeEnd = rangeEnd
        self.targetValue = targetValue
    }

    /// The usual way to build one: the target follows from the value's arm.
    public init(key: [UInt8], _ result: Result, _ value: TargetValue, rangeEnd: [UInt8] = []) {
        self.init(result: result, target: value.target, key: key, rangeEnd: rangeEnd, targetValue: value)
    }

    public init(decoding reader: WireReader) throws(WireError) {
        self.init()
        var r = reader
        while let (field, wire) = try r.readTag() {
            switch (field, wire) {
            case (1, .varint): result = Result(rawValue: Int(truncatingIfNeeded: try r.readVarint())) ?? .equal
            case (2, .varint): target = Target(rawValue: Int(truncatingIfNeeded: try r.readVarint())) ?? .version
            case (3, .lengthDelimited): key = try r.readByteArray()
            case (4, .varint): targetValue = .version(try r.readInt64())
            case (5, .varint): targetValue = .createRevision(try r.readInt64())
            case (6, .varint): targetValue = .modRevision(try r.readInt64())
            case (7, .lengthDelimited): targetValue = .value(try r.readByteArray())
            case (8, .varint): targetValue = .lease(try r.readInt64())
            case (64, .lengthDelimited): rangeEnd = try r.readByteArray()
            default: try r.skip(wire)
            }
        }
    }

    public func encode(into w: inout WireWriter) {
        if result != .equal { w.writeInt(1, Int64(result.rawValue)) }
        if target != .version { w.writeInt(2, Int64(target.rawValue)) }
        if !key.isEmpty { w.writeBytes(3, key) }
        // A oneof arm is written even when it holds the zero value: "version == 0" must reach the server.
        switch targetValue {
        case .version(let v)?: w.writeInt(4, v)
        case .createRevision(let v)?: w.writeInt(5, v)
        case .modRevision(let v)?: w.writeInt(6, v)
        case .value(let v)?: w.writeBytes(7, v)
        case .lease(let v)?: w.writeInt(8, v)
        case nil: break
        }
        if !rangeEnd.isEmpty { w.writeBytes(64, rangeEnd) }
    }
}
