import GoJSON

/// Builds the `JSONValue` that parsing `ProtoToJSON`'s text would give, without the text: the
/// engine reads stored objects this way on every update.
struct JSONValueBuilder: JSONSink {
    let fieldNames: [String]
    /// The members of every open container, innermost last (array elements have empty keys).
    private var items: [JSONMember] = []
    /// Where each open container's members start in `items`, with the key it will be stored under.
    private var open: [(start: Int, key: String, isObject: Bool)] = []
    private var pendingKey = ""
    private(set) var result: JSONValue = .null
    private var scratch: [UInt8] = []

    init(fieldNames: [String]) {
        self.fieldNames = fieldNames
        items.reserveCapacity(64)
        open.reserveCapacity(16)
    }

    @inline(__always)
    private mutating func emit(_ value: JSONValue) {
        if open.isEmpty {
            result = value
        } else {
            items.append(JSONMember(pendingKey, value))
            pendingKey = ""
        }
    }

    mutating func beginObject() {
        open.append((items.count, pendingKey, true))
        pendingKey = ""
    }

    mutating func beginArray() {
        open.append((items.count, pendingKey, false))
        pendingKey = ""
    }

    mutating func endObject() { close() }
    mutating func endArray() { close() }

    private mutating func close() {
        let frame = open.removeLast()
        let value: JSONValue
        if frame.isObject {
            value = .object(Array(items[frame.start...]))
        } else {
            value = .array(items[frame.start...].map(\.value))
        }
        items.removeSubrange(frame.start...)
        pendingKey = frame.key
        emit(value)
    }

    @inline(__always)
    mutating func element() {}

    @inline(__always)
    mutating func key(_ tables: SchemaTables, _ field: FlatField, index: Int) {
        pendingKey = fieldNames[index]
    }

    mutating func key(escaping utf8: UnsafeBufferPointer<UInt8>) {
        pendingKey = text(utf8)
    }

    mutating func string(_ utf8: UnsafeBufferPointer<UInt8>) {
        emit(.string(text(utf8)))
    }

    /// The string the JSON text would hold: Go's escaping and U+FFFD for every byte that is
    /// not valid UTF-8, undone by the parser. Plain ASCII needs neither step.
    private mutating func text(_ utf8: UnsafeBufferPointer<UInt8>) -> String {
        if goJSONPlainPrefixLength(utf8) == utf8.count { return String(decoding: utf8, as: UTF8.self) }
        scratch.removeAll(keepingCapacity: true)
        appendGoJSONString(utf8, to: &scratch)
        if case .string(let s)? = try? JSONParser.parse(scratch) { return s }
        return String(decoding: utf8, as: UTF8.self)
    }

    mutating func raw(_ token: StaticString) {
        let bytes = UnsafeBufferPointer(start: token.utf8Start, count: token.utf8CodeUnitCount)
        switch bytes.first {
        case UInt8(ascii: "n"): emit(.null)
        case UInt8(ascii: "t"): emit(.bool(true))
        case UInt8(ascii: "f"): emit(.bool(false))
        case UInt8(ascii: "\""): emit(.string(String(decoding: bytes.dropFirst().dropLast(), as: UTF8.self)))
        default: emit(.number(String(decoding: bytes, as: UTF8.self)))
        }
    }

    mutating func int(_ v: Int64) { emit(.number(String(v))) }

    mutating func number(ascii: UnsafeBufferPointer<UInt8>) { emit(.number(String(decoding: ascii, as: UTF8.self))) }

    mutating func quotedBase64(_ data: UnsafeBufferPointer<UInt8>) {
        scratch.removeAll(keepingCapacity: true)
        ValueFormats.appendBase64(data, to: &scratch)
        emit(.string(String(decoding: scratch, as: UTF8.self)))
    }

    mutating func quotedTime(seconds: Int64, nanos: Int64, micro: Bool) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        guard ValueFormats.appendTime(seconds: seconds, nanos: nanos, micro: micro, to: &scratch) else { return false }
        emit(.string(String(decoding: scratch, as: UTF8.self)))
        return true
    }

    mutating func embeddedJSON(_ raw: UnsafeBufferPointer<UInt8>) throws(CodecError) {
        emit(try EmbeddedJSON.parse(raw))
    }
}
