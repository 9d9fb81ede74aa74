import ProtoWire

/// Readers for the small messages of the special types (Time, Quantity, IntOrString, ...).
enum SpecialValues {
    @inline(__always)
    static func reader(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> WireReader {
        WireReader(base: base, from: range.lowerBound, to: range.upperBound)
    }

    static func fail(_ e: WireError, _ what: String) -> CodecError { CodecError.wire(e, in: what) }

    /// Time / MicroTime: {1 seconds, 2 nanos}.
    static func timestamp(base: UnsafePointer<UInt8>, range: Range<Int>) throws(CodecError) -> (Int64, Int64) {
        var r = reader(base, range)
        var seconds: Int64 = 0, nanos: Int64 = 0
        do {
            while let (n, w) = try r.readTag() {
                switch (n, w) {
                case (1, .varint): seconds = Int64(bitPattern: try r.readVarint())
                case (2, .varint): nanos = Int64(Int32(truncatingIfNeeded: try r.readVarint()))
                default: try r.skip(w)
                }
            }
        } catch { throw fail(error, "time") }
        return (seconds, nanos)
    }

    /// Duration: {1 int64 nanoseconds}.
    static func duration(base: UnsafePointer<UInt8>, range: Range<Int>) throws(CodecError) -> Int64 {
        var r = reader(base, range)
        var ns: Int64 = 0
        do {
            while let (n, w) = try r.readTag() {
                if n == 1 && w == .varint { ns = Int64(bitPattern: try r.readVarint()) } else { try r.skip(w) }
            }
        } catch { throw fail(error, "duration") }
        return ns
    }

    /// Quantity: {1 string}. Returns the string's bytes (empty when absent).
    static func quantity(base: UnsafePointer<UInt8>, range: Range<Int>) throws(CodecError) -> UnsafeBufferPointer<UInt8> {
        var r = reader(base, range)
        var text = UnsafeBufferPointer<UInt8>(start: base, count: 0)
        do {
            while let (n, w) = try r.readTag() {
                if n == 1 && w == .lengthDelimited { text = r.bytes(try r.readLengthDelimited()) } else { try r.skip(w) }
            }
        } catch { throw fail(error, "quantity") }
        return text
    }

    struct IntOrStringValue {
        var isString = false
        var int: Int32 = 0
        var string: UnsafeBufferPointer<UInt8>
    }

    /// IntOrString: {1 type, 2 intVal, 3 strVal}.
    static func intOrString(base: UnsafePointer<UInt8>, range: Range<Int>) throws(CodecError) -> IntOrStringValue {
        var r = reader(base, range)
        var v = IntOrStringValue(string: UnsafeBufferPointer(start: base, count: 0))
        do {
            while let (n, w) = try r.readTag() {
                switch (n, w) {
                case (1, .varint): v.isString = try r.readVarint() == 1
                case (2, .varint): v.int = Int32(truncatingIfNeeded: try r.readVarint())
                case (3, .lengthDelimited): v.string = r.bytes(try r.readLengthDelimited())
                default: try r.skip(w)
                }
            }
        } catch { throw fail(error, "intOrString") }
        return v
    }

    /// RawExtension / FieldsV1 / JSON: {field raw bytes}; nil when the field is absent.
    static func rawBytes(base: UnsafePointer<UInt8>, range: Range<Int>, field: Int) throws(CodecError) -> UnsafeBufferPointer<UInt8>? {
        var r = reader(base, range)
        var raw: UnsafeBufferPointer<UInt8>?
        do {
            while let (n, w) = try r.readTag() {
                if n == field && w == .lengthDelimited { raw = r.bytes(try r.readLengthDelimited()) } else { try r.skip(w) }
            }
        } catch { throw fail(error, "raw value") }
        return raw
    }

    struct PropsOrArray {
        var schema: Range<Int>?
        var schemas: [Range<Int>] = []
    }

    /// JSONSchemaPropsOrArray: {1 schema, 2 repeated jSONSchemas}.
    static func propsOrArray(base: UnsafePointer<UInt8>, range: Range<Int>) throws(CodecError) -> PropsOrArray {
        var r = reader(base, range)
        var v = PropsOrArray()
        do {
            while let (n, w) = try r.readTag() {
                switch (n, w) {
                case (1, .lengthDelimited): v.schema = try r.readLengthDelimited()
                case (2, .lengthDelimited): v.schemas.append(try r.readLengthDelimited())
                default: try r.skip(w)
                }
            }
        } catch { throw fail(error, "JSONSchemaPropsOrArray") }
        return v
    }

    struct PropsOrBool {
        var allows = false
        var schema: Range<Int>?
    }

    /// JSONSchemaPropsOrBool: {1 allows, 2 schema}.
    static func propsOrBool(base: UnsafePointer<UInt8>, range: Range<Int>) throws(CodecError) -> PropsOrBool {
        var r = reader(base, range)
        var v = PropsOrBool()
        do {
            while let (n, w) = try r.readTag() {
                switch (n, w) {
                case (1, .varint): v.allows = try r.readVarint() != 0
                case (2, .lengthDelimited): v.schema = try r.readLengthDelimited()
                default: try r.skip(w)
                }
            }
        } catch { throw fail(error, "JSONSchemaPropsOrBool") }
        return v
    }

    struct PropsOrStringArray {
        var schema: Range<Int>?
        var property: [Range<Int>] = []
    }

    /// JSONSchemaPropsOrStringArray: {1 schema, 2 repeated property}.
    static func propsOrStringArray(base: UnsafePointer<UInt8>, range: Range<Int>) throws(CodecError) -> PropsOrStringArray {
        var r = reader(base, range)
        var v = PropsOrStringArray()
        do {
            while let (n, w) = try r.readTag() {
                switch (n, w) {
                case (1, .lengthDelimited): v.schema = try r.readLengthDelimited()
                case (2, .lengthDelimited): v.property.append(try r.readLengthDelimited())
                default: try r.skip(w)
                }
            }
        } catch { throw fail(error, "JSONSchemaPropsOrStringArray") }
        return v
    }
}
