/// The wire types of the protobuf encoding. Groups (3, 4) are recognised only to be rejected.
public enum WireType: UInt8, Sendable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5
}

public struct WireError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        case truncated
        case malformedVarint
        case invalidWireType(UInt8)
        case invalidFieldNumber
        case lengthOutOfBounds
    }
    public let reason: Reason
    /// Byte offset in the buffer being read where the problem was found.
    public let offset: Int

    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        switch reason {
        case .truncated: return "truncated protobuf data at byte \(offset)"
        case .malformedVarint: return "malformed varint at byte \(offset)"
        case .invalidWireType(let w): return "invalid wire type \(w) at byte \(offset)"
        case .invalidFieldNumber: return "invalid field number at byte \(offset)"
        case .lengthOutOfBounds: return "length-delimited field runs past the end of its message at byte \(offset)"
        }
    }
}
