import GoJSON

/// Raw JSON carried inside protobuf (RawExtension, FieldsV1, apiextensions JSON).
enum EmbeddedJSON {
    static func parse(_ raw: UnsafeBufferPointer<UInt8>) throws(CodecError) -> JSONValue {
        do {
            return try JSONParser.parse(UnsafeRawBufferPointer(raw))
        } catch {
            throw CodecError(.invalidValue, "embedded raw value is not valid JSON: \(error)")
        }
    }
}
