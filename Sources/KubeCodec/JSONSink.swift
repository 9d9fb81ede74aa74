/// Where `ProtoToJSON` puts what it reads: JSON text (`JSONOutput`) or a `JSONValue` tree
/// (`JSONValueBuilder`). One walker serves both, so the two can never disagree.
protocol JSONSink {
    mutating func beginObject()
    mutating func endObject()
    mutating func beginArray()
    mutating func endArray()
    /// Starts an array element.
    mutating func element()
    /// A schema field's name as the key of the next value (`index` is its place in `fields`).
    mutating func key(_ tables: SchemaTables, _ field: FlatField, index: Int)
    /// A map key.
    mutating func key(escaping utf8: UnsafeBufferPointer<UInt8>)
    mutating func string(_ utf8: UnsafeBufferPointer<UInt8>)
    /// One of the fixed JSON tokens: null, true, false, 0, "", "0", "0s".
    mutating func raw(_ text: StaticString)
    mutating func int(_ v: Int64)
    /// A number already formatted as Go prints it.
    mutating func number(ascii: UnsafeBufferPointer<UInt8>)
    mutating func quotedBase64(_ data: UnsafeBufferPointer<UInt8>)
    /// An RFC 3339 time; false (nothing written) when Go could not print the year.
    mutating func quotedTime(seconds: Int64, nanos: Int64, micro: Bool) -> Bool
    mutating func embeddedJSON(_ raw: UnsafeBufferPointer<UInt8>) throws(CodecError)
}

extension JSONOutput: JSONSink {
    @inline(__always)
    mutating func key(_ tables: SchemaTables, _ field: FlatField, index: Int) {
        key(quoted: tables.quotedName(field), nameCount: Int(field.nameCount))
    }

    @inline(__always)
    mutating func number(ascii: UnsafeBufferPointer<UInt8>) { self.ascii(ascii) }
}
