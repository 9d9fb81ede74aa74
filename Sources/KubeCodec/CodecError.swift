import ProtoWire

/// Errors from decoding or encoding stored Kubernetes values. The message names where the problem
/// is (a field path or a byte offset) so a user can act on it.
public struct CodecError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case truncated
        case malformed
        case unknownKind
        case encrypted
        case wrongType
        case unknownField
        case invalidValue
        case unsupported
    }
    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func wire(_ e: WireError, in context: String) -> CodecError {
        let kind: Kind = e.reason == .truncated || e.reason == .lengthOutOfBounds ? .truncated : .malformed
        return CodecError(kind, "\(context): \(e)")
    }
}
