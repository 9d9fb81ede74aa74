/// Decodes one CBOR data item (RFC 8949) into a `JSONValue`, the way Kubernetes turns a
/// CBOR-stored custom resource into its JSON form.
///
/// Kubernetes' CBOR encoder writes every Go string, map keys included, as a CBOR *byte* string
/// (it does not validate UTF-8 at encode time) and writes `[]byte` as a byte string inside tag 22
/// ("expected later base64 encoding"). Its decoder turns plain byte strings back into Go strings,
/// so by default untagged byte strings become JSON text (invalid UTF-8 replaced per byte, as Go's
/// JSON writer would) and tagged ones become base64 / base64url / base16 text.
public enum CBORDecoder {
    /// Tag 55799 ("self-described CBOR") as Kubernetes prefixes every stored object.
    public static let selfDescribedPrefix: [UInt8] = [0xD9, 0xD9, 0xF7]

    public static func hasSelfDescribedPrefix(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xD9 && bytes[1] == 0xD9 && bytes[2] == 0xF7
    }

    /// Decodes exactly one data item; trailing bytes are an error.
    public static func decode(_ bytes: UnsafeRawBufferPointer, options: CBORDecodeOptions = CBORDecodeOptions()) throws -> JSONValue {
        var cursor = CBORCursor(bytes.assumingMemoryBound(to: UInt8.self), options: options)
        let value = try cursor.decodeItem(depth: 0, byteStrings: options.untaggedByteStrings)
        if !cursor.atEnd {
            throw CBORDecodeError(offset: cursor.position, message: "unexpected data after the top-level item")
        }
        return value
    }

    /// Decodes the data item at the start of `bytes` and returns where it ends, for callers that
    /// find item boundaries in a larger stream. A `CBORDecodeError` with `isTruncation` means the
    /// item continues past the end of `bytes`.
    public static func decodePrefix(
        _ bytes: UnsafeRawBufferPointer, options: CBORDecodeOptions = CBORDecodeOptions()
    ) throws -> (value: JSONValue, end: Int) {
        var cursor = CBORCursor(bytes.assumingMemoryBound(to: UInt8.self), options: options)
        let value = try cursor.decodeItem(depth: 0, byteStrings: options.untaggedByteStrings)
        return (value, cursor.position)
    }

    public static func decode(_ bytes: [UInt8], options: CBORDecodeOptions = CBORDecodeOptions()) throws -> JSONValue {
        try bytes.withUnsafeBytes { try decode($0, options: options) }
    }
}

public struct CBORDecodeOptions: Sendable {
    /// How byte strings outside tags 21/22/23 are rendered.
    public var untaggedByteStrings: CBORByteStringForm
    /// Arrays, maps and tags nested deeper than this are rejected.
    public var maxDepth: Int

    public init(untaggedByteStrings: CBORByteStringForm = .text, maxDepth: Int = JSONParser.defaultMaxDepth) {
        self.untaggedByteStrings = untaggedByteStrings
        self.maxDepth = maxDepth
    }
}

public enum CBORByteStringForm: Sendable {
    /// The bytes as a string (Kubernetes: Go strings are stored as byte strings).
    case text
    /// Standard base64 with padding, as Go's encoding/json prints a `[]byte` (tag 22).
    case base64
    /// base64url without padding (tag 21).
    case base64URL
    /// Lowercase hex (tag 23).
    case base16
}

public struct CBORDecodeError: Error, Equatable, CustomStringConvertible {
    public var offset: Int
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "invalid CBOR at byte \(offset): \(message)" }

    static let truncatedMessage = "unexpected end of input"

    public var isTruncation: Bool { message == CBORDecodeError.truncatedMessage }
}
