/// Parses JSON text into `JSONValue`, keeping object member order and number literals, and
/// unescaping strings with Go's rules (invalid UTF-8 and lone surrogates become U+FFFD).
public enum JSONParser {
    /// Nesting deeper than this is rejected instead of risking the stack. Go allows 10,000, but
    /// the parser, the writer, `==` and the deinit of `JSONValue` all recurse, and a debug build
    /// overflows an 8 MB stack near 5,000 levels; real Kubernetes objects nest a few dozen deep.
    public static let defaultMaxDepth = 1_000

    /// Parses exactly one JSON value; anything but whitespace after it is an error.
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) throws -> JSONValue {
        var cursor = JSONCursor(bytes.assumingMemoryBound(to: UInt8.self), maxDepth: maxDepth)
        cursor.skipWhitespace()
        let value = try cursor.parseValue(depth: 0)
        cursor.skipWhitespace()
        if !cursor.atEnd {
            throw cursor.error("unexpected data after the top-level value")
        }
        return value
    }

    public static func parse(_ string: String, maxDepth: Int = defaultMaxDepth) throws -> JSONValue {
        var string = string
        return try string.withUTF8 { try parse(UnsafeRawBufferPointer($0), maxDepth: maxDepth) }
    }

    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws -> JSONValue {
        try bytes.withUnsafeBytes { try parse($0, maxDepth: maxDepth) }
    }

    /// Parses a stream of JSON values separated by optional whitespace (`etcdctl -w json` prints
    /// one response per line; Go's `json.Decoder` accepts values back to back as well).
    public static func parseMany(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) throws -> [JSONValue] {
        var cursor = JSONCursor(bytes.assumingMemoryBound(to: UInt8.self), maxDepth: maxDepth)
        var values: [JSONValue] = []
        cursor.skipWhitespace()
        while !cursor.atEnd {
            values.append(try cursor.parseValue(depth: 0))
            cursor.skipWhitespace()
        }
        return values
    }

    public static func parseMany(_ string: String, maxDepth: Int = defaultMaxDepth) throws -> [JSONValue] {
        var string = string
        return try string.withUTF8 { try parseMany(UnsafeRawBufferPointer($0), maxDepth: maxDepth) }
    }

    /// Parses one value that starts at `offset` (after optional whitespace) and returns it with
    /// the offset just past it, for callers that read a stream in chunks. Throws
    /// `JSONParseError` with `offset == bytes.count` when the input ends inside the value, so a
    /// caller can tell "need more bytes" (`isTruncation`) from malformed input.
    public static func parsePrefix(
        _ bytes: UnsafeRawBufferPointer, from offset: Int, maxDepth: Int = defaultMaxDepth
    ) throws -> (value: JSONValue, end: Int) {
        var cursor = JSONCursor(bytes.assumingMemoryBound(to: UInt8.self), maxDepth: maxDepth)
        cursor.position = min(max(offset, 0), bytes.count)
        cursor.skipWhitespace()
        let value = try cursor.parseValue(depth: 0)
        return (value, cursor.position)
    }
}

extension JSONParseError {
    /// The input ended before the value was complete (more bytes might make it valid).
    public var isTruncation: Bool { message == JSONCursor.truncatedMessage }
}
