import GoJSON

/// Appends JSON text in the layout of Go's `json.Marshal` (compact) or `json.MarshalIndent(v, "", "  ")`.
/// Callers open containers, write keys and values; commas, newlines and indentation are handled here.
struct JSONOutput {
    var buffer: ByteBuffer
    let pretty: Bool
    /// Open containers. Only the innermost one's "has a member yet" flag is needed: every outer
    /// container already has one (the member being written).
    private var depth = 0
    private var hasMember = false
    private let indentation = JSONIndentation.text
    /// Scratch for the rare strings that need escaping, and for base64 and times.
    private var scratch: [UInt8] = []

    init(pretty: Bool, capacity: Int = 1 << 16) {
        self.pretty = pretty
        buffer = ByteBuffer(capacity: capacity)
        scratch.reserveCapacity(256)
    }

    func deallocate() { buffer.deallocate() }

    var bytes: [UInt8] { buffer.bytes }

    /// A line break and the indentation of `depth` levels (pretty form).
    @inline(__always)
    private mutating func newline(depth: Int) {
        let width = 1 + 2 * depth
        if width <= JSONIndentation.count {
            buffer.append(indentation, count: width)
        } else {
            buffer.append(0x0A)
            buffer.append(repeating: 0x20, count: 2 * depth)
        }
    }

    @inline(__always)
    private mutating func separate() {
        if depth == 0 { return }
        if hasMember { buffer.append(0x2C) } else { hasMember = true }
        if pretty { newline(depth: depth) }
    }

    @inline(__always)
    mutating func beginObject() {
        buffer.append(0x7B)
        depth += 1
        hasMember = false
    }

    @inline(__always)
    mutating func endObject() {
        close(0x7D)
    }

    @inline(__always)
    mutating func beginArray() {
        buffer.append(0x5B)
        depth += 1
        hasMember = false
    }

    @inline(__always)
    mutating func endArray() {
        close(0x5D)
    }

    @inline(__always)
    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if hasMember && pretty { newline(depth: depth) }
        buffer.append(bracket)
        hasMember = true
    }

    /// Starts an array element (writes the separator).
    @inline(__always)
    mutating func element() { separate() }

    /// Writes a schema field's key: `quotedKey` is `"name": ` as laid out in the schema tables
    /// (a plain JSON-safe name); compact output leaves the trailing space out.
    @inline(__always)
    mutating func key(quoted quotedKey: UnsafePointer<UInt8>, nameCount: Int) {
        separate()
        buffer.append(quotedKey, count: nameCount + (pretty ? 4 : 3))
    }

    /// Writes an arbitrary string key with Go escaping.
    mutating func key(escaping utf8: UnsafeBufferPointer<UInt8>) {
        separate()
        string(utf8)
        buffer.append(0x3A)
        if pretty { buffer.append(0x20) }
    }

    /// A quoted string with Go's escaping. Most strings need none: those are copied in one go.
    @inline(__always)
    mutating func string(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let src = utf8.baseAddress else {
            buffer.append(UInt8(ascii: "\""))
            buffer.append(UInt8(ascii: "\""))
            return
        }
        if goJSONPlainPrefixLength(utf8) == utf8.count {
            buffer.reserve(utf8.count + 2)
            buffer.appendUnchecked(0x22)
            buffer.appendUnchecked(src, count: utf8.count)
            buffer.appendUnchecked(0x22)
        } else {
            escapedString(utf8)
        }
    }

    @inline(never)
    private mutating func escapedString(_ utf8: UnsafeBufferPointer<UInt8>) {
        scratch.removeAll(keepingCapacity: true)
        appendGoJSONString(utf8, to: &scratch)
        scratch.withUnsafeBufferPointer { buffer.append($0) }
    }

    mutating func string(_ text: String) {
        var t = text
        t.withUTF8 { string($0) }
    }

    @inline(__always)
    mutating func raw(_ text: StaticString) {
        buffer.append(text.utf8Start, count: text.utf8CodeUnitCount)
    }

    @inline(__always)
    mutating func ascii(_ utf8: UnsafeBufferPointer<UInt8>) { buffer.append(utf8) }

    @inline(__always)
    mutating func int(_ v: Int64) {
        if v < 0 { buffer.append(0x2D) }
        buffer.appendDecimal(v.magnitude)
    }

    mutating func quotedBase64(_ data: UnsafeBufferPointer<UInt8>) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(0x22)
        ValueFormats.appendBase64(data, to: &scratch)
        scratch.append(0x22)
        scratch.withUnsafeBufferPointer { buffer.append($0) }
    }

    /// A quoted RFC 3339 time; false (nothing written) when Go could not print the year.
    mutating func quotedTime(seconds: Int64, nanos: Int64, micro: Bool) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(0x22)
        guard ValueFormats.appendTime(seconds: seconds, nanos: nanos, micro: micro, to: &scratch) else { return false }
        scratch.append(0x22)
        scratch.withUnsafeBufferPointer { buffer.append($0) }
        return true
    }

    /// Raw JSON carried in protobuf, laid out as Go's encoder re-compacts or re-indents it.
    mutating func embeddedJSON(_ raw: UnsafeBufferPointer<UInt8>) throws(CodecError) {
        value(try EmbeddedJSON.parse(raw))
    }

    /// Writes an ordered JSON value at the current position (raw JSON embedded in an object).
    mutating func value(_ v: JSONValue) {
        switch v {
        case .null: raw("null")
        case .bool(let b): b ? raw("true") : raw("false")
        case .number(let text): var t = text; t.withUTF8 { buffer.append($0) }
        case .string(let s): string(s)
        case .array(let items):
            beginArray()
            for item in items { element(); value(item) }
            endArray()
        case .object(let members):
            beginObject()
            for m in members {
                var k = m.key
                k.withUTF8 { key(escaping: $0) }
                value(m.value)
            }
            endObject()
        }
    }
}

/// A line feed followed by enough spaces for the usual nesting depths, so that a pretty-printed
/// line start is one copy.
enum JSONIndentation {
    static let count = 1 + 2 * 64
    nonisolated(unsafe) static let text: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
        p.initialize(repeating: 0x20, count: count)
        p[0] = 0x0A
        return UnsafePointer(p)
    }()
}
