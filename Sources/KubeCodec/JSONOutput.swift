import GoJSON

/// Appends JSON text in the layout of Go's `json.Marshal` (compact) or `json.MarshalIndent(v, "", "  ")`.
/// Callers open containers, write keys and values; commas, newlines and indentation are handled here.
struct JSONOutput {
    var buffer: OutputBuffer
    let pretty: Bool
    /// One entry per open container: whether it has had a member yet.
    private var nonEmpty: [Bool] = []
    /// Scratch for the rare strings that need escaping, and for numbers.
    private var scratch: [UInt8] = []

    init(pretty: Bool, capacity: Int = 1 << 16) {
        self.pretty = pretty
        buffer = OutputBuffer(capacity: capacity)
        nonEmpty.reserveCapacity(64)
        scratch.reserveCapacity(256)
    }

    func deallocate() { buffer.deallocate() }

    var bytes: [UInt8] { buffer.bytes }

    @inline(__always)
    private mutating func newline(depth: Int) {
        buffer.append(0x0A)
        buffer.append(repeating: 0x20, count: 2 * depth)
    }

    @inline(__always)
    private mutating func separate() {
        let last = nonEmpty.count - 1
        if last < 0 { return }
        if nonEmpty[last] { buffer.append(0x2C) } else { nonEmpty[last] = true }
        if pretty { newline(depth: nonEmpty.count) }
    }

    mutating func beginObject() {
        buffer.append(0x7B)
        nonEmpty.append(false)
    }

    mutating func endObject() {
        let had = nonEmpty.removeLast()
        if had && pretty { newline(depth: nonEmpty.count) }
        buffer.append(0x7D)
    }

    mutating func beginArray() {
        buffer.append(0x5B)
        nonEmpty.append(false)
    }

    mutating func endArray() {
        let had = nonEmpty.removeLast()
        if had && pretty { newline(depth: nonEmpty.count) }
        buffer.append(0x5D)
    }

    /// Starts an array element (writes the separator).
    @inline(__always)
    mutating func element() { separate() }

    /// Writes an object key (already a plain JSON-safe name from the schema) and the colon.
    @inline(__always)
    mutating func key(_ name: UnsafeBufferPointer<UInt8>) {
        separate()
        buffer.reserve(name.count + 4)
        buffer.append(0x22)
        buffer.append(name)
        buffer.append(0x22)
        buffer.append(0x3A)
        if pretty { buffer.append(0x20) }
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
        var clean = true
        for b in utf8 where b < 0x20 || b >= 0x80 || b == 0x22 || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26 {
            clean = false
            break
        }
        if clean {
            buffer.reserve(utf8.count + 2)
            buffer.append(0x22)
            buffer.append(utf8)
            buffer.append(0x22)
        } else {
            scratch.removeAll(keepingCapacity: true)
            appendGoJSONString(utf8, to: &scratch)
            scratch.withUnsafeBufferPointer { buffer.append($0) }
        }
    }

    mutating func string(_ text: String) {
        var t = text
        t.withUTF8 { string($0) }
    }

    @inline(__always)
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append($0) }
    }

    @inline(__always)
    mutating func ascii(_ utf8: UnsafeBufferPointer<UInt8>) { buffer.append(utf8) }

    mutating func int(_ v: Int64) {
        scratch.removeAll(keepingCapacity: true)
        appendDecimal(v, to: &scratch)
        scratch.withUnsafeBufferPointer { buffer.append($0) }
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

@inline(__always)
func appendDecimal(_ v: Int64, to out: inout [UInt8]) {
    if v < 0 {
        out.append(0x2D)
        appendDecimal(UInt64(bitPattern: 0 &- v), to: &out)  // also right for Int64.min
    } else {
        appendDecimal(UInt64(v), to: &out)
    }
}

@inline(__always)
func appendDecimal(_ v: UInt64, to out: inout [UInt8]) {
    if v < 10 { out.append(0x30 + UInt8(v)); return }
    var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for 20 digits
    var n = 0
    var x = v
    withUnsafeMutableBytes(of: &tmp) { buf in
        while x > 0 {
            buf[23 - n] = 0x30 + UInt8(x % 10)
            x /= 10
            n += 1
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[(24 - n)...]))
    }
}
