import GoJSON

/// Appends JSON text in the layout of Go's `json.Marshal` (compact) or `json.MarshalIndent(v, "", "  ")`.
/// Callers open containers, write keys and values; commas, newlines and indentation are handled here.
struct JSONOutput {
    var bytes: [UInt8] = []
    let pretty: Bool
    /// One entry per open container: whether it has had a member yet.
    private var nonEmpty: [Bool] = []

    init(pretty: Bool, capacity: Int = 1 << 16) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
        nonEmpty.reserveCapacity(64)
    }

    @inline(__always)
    private mutating func newline(depth: Int) {
        bytes.append(0x0A)
        for _ in 0..<depth { bytes.append(0x20); bytes.append(0x20) }
    }

    @inline(__always)
    private mutating func separate() {
        let last = nonEmpty.count - 1
        if last < 0 { return }
        if nonEmpty[last] { bytes.append(0x2C) } else { nonEmpty[last] = true }
        if pretty { newline(depth: nonEmpty.count) }
    }

    mutating func beginObject() {
        bytes.append(0x7B)
        nonEmpty.append(false)
    }

    mutating func endObject() {
        let had = nonEmpty.removeLast()
        if had && pretty { newline(depth: nonEmpty.count) }
        bytes.append(0x7D)
    }

    mutating func beginArray() {
        bytes.append(0x5B)
        nonEmpty.append(false)
    }

    mutating func endArray() {
        let had = nonEmpty.removeLast()
        if had && pretty { newline(depth: nonEmpty.count) }
        bytes.append(0x5D)
    }

    /// Starts an array element (writes the separator).
    @inline(__always)
    mutating func element() { separate() }

    /// Writes an object key (already a plain JSON-safe name from the schema) and the colon.
    @inline(__always)
    mutating func key(_ name: UnsafeBufferPointer<UInt8>) {
        separate()
        bytes.append(0x22)
        bytes.append(contentsOf: name)
        bytes.append(0x22)
        bytes.append(0x3A)
        if pretty { bytes.append(0x20) }
    }

    /// Writes an arbitrary string key with Go escaping.
    mutating func key(escaping utf8: UnsafeBufferPointer<UInt8>) {
        separate()
        appendGoJSONString(utf8, to: &bytes)
        bytes.append(0x3A)
        if pretty { bytes.append(0x20) }
    }

    @inline(__always)
    mutating func string(_ utf8: UnsafeBufferPointer<UInt8>) {
        appendGoJSONString(utf8, to: &bytes)
    }

    @inline(__always)
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func ascii(_ utf8: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: utf8) }

    mutating func quotedBase64(_ data: UnsafeBufferPointer<UInt8>) {
        bytes.append(0x22)
        ValueFormats.appendBase64(data, to: &bytes)
        bytes.append(0x22)
    }

    /// A quoted RFC 3339 time; false (nothing written) when Go could not print the year.
    mutating func quotedTime(seconds: Int64, nanos: Int64, micro: Bool) -> Bool {
        let mark = bytes.count
        bytes.append(0x22)
        guard ValueFormats.appendTime(seconds: seconds, nanos: nanos, micro: micro, to: &bytes) else {
            bytes.removeSubrange(mark...)
            return false
        }
        bytes.append(0x22)
        return true
    }

    /// Raw JSON carried in protobuf, laid out as Go's encoder re-compacts or re-indents it.
    mutating func embeddedJSON(_ raw: UnsafeBufferPointer<UInt8>) throws(CodecError) {
        value(try EmbeddedJSON.parse(raw))
    }

    mutating func int(_ v: Int64) {
        appendDecimal(v, to: &bytes)
    }

    mutating func uint(_ v: UInt64) {
        appendDecimal(v, to: &bytes)
    }

    /// Writes an ordered JSON value at the current position (raw JSON embedded in an object).
    mutating func value(_ v: JSONValue) {
        switch v {
        case .null: raw("null")
        case .bool(let b): b ? raw("true") : raw("false")
        case .number(let text): var t = text; t.withUTF8 { bytes.append(contentsOf: $0) }
        case .string(let s): appendGoJSONString(s, to: &bytes)
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
