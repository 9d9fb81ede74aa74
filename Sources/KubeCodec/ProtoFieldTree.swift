import GoJSON
import ProtoWire

/// A schema-less view of protobuf bytes, for kinds the schema does not know: each field with its
/// number and wire type, length-delimited values shown as a nested message when they parse as
/// one, else as text when they are printable UTF-8, else as base64.
public enum ProtoFieldTree {
    public static func tree(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = 64) -> JSONValue {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return .array([]) }
        return message(base, 0..<bytes.count, depth: maxDepth) ?? .array([])
    }

    /// The fields of a message, or nil when the bytes are not a well-formed message.
    static func message(_ base: UnsafePointer<UInt8>, _ range: Range<Int>, depth: Int) -> JSONValue? {
        var r = WireReader(base: base, from: range.lowerBound, to: range.upperBound)
        var fields: [JSONValue] = []
        do throws(WireError) {
            while let (number, wire) = try r.readTag() {
                var members = [JSONMember("field", .number(String(number)))]
                switch wire {
                case .varint:
                    let v = try r.readVarint()
                    members.append(JSONMember("wire", .string("varint")))
                    members.append(JSONMember("int", .number(String(Int64(bitPattern: v)))))
                case .fixed64:
                    let v = try r.readFixed64()
                    members.append(JSONMember("wire", .string("fixed64")))
                    members.append(JSONMember("hex", .string(String(v, radix: 16))))
                    let d = Double(bitPattern: v)
                    if d.isFinite { members.append(JSONMember("double", .number(goFormatFloat64(d)))) }
                case .fixed32:
                    let v = try r.readFixed32()
                    members.append(JSONMember("wire", .string("fixed32")))
                    members.append(JSONMember("hex", .string(String(v, radix: 16))))
                case .lengthDelimited:
                    let payload = try r.readLengthDelimited()
                    members.append(JSONMember("wire", .string("bytes")))
                    members.append(guess(base, payload, depth: depth))
                case .startGroup, .endGroup:
                    return nil
                }
                fields.append(.object(members))
            }
        } catch {
            return nil
        }
        return .array(fields)
    }

    static func guess(_ base: UnsafePointer<UInt8>, _ range: Range<Int>, depth: Int) -> JSONMember {
        let bytes = UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
        if range.isEmpty { return JSONMember("string", .string("")) }
        if isPrintableText(bytes) { return JSONMember("string", .string(String(decoding: bytes, as: UTF8.self))) }
        if depth > 0, let nested = message(base, range, depth: depth - 1) { return JSONMember("message", nested) }
        var b64: [UInt8] = []
        ValueFormats.appendBase64(bytes, to: &b64)
        return JSONMember("base64", .string(String(decoding: b64, as: UTF8.self)))
    }

    static func isPrintableText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard String(validating: bytes, as: UTF8.self) != nil else { return false }
        for b in bytes where b < 0x20 && b != 0x0A && b != 0x09 && b != 0x0D { return false }
        return true
    }
}
