import GoJSON
import GoYAML
import KubeCodec

/// `strata encode`: YAML or JSON in, the bytes kube-apiserver stores out.
public enum EncodeOperation {
    public enum OutputForm: String, CaseIterable, Sendable {
        case raw, hex
    }

    public struct Result {
        public var bytes: [UInt8]
        public var warnings: [String]
    }

    /// Parses one object from `input` (JSON when it starts with `{`, else YAML) and encodes it.
    public static func encode(_ input: [UInt8], keepResourceVersion: Bool = false) throws -> Result {
        let (object, fromYAML) = try parseOne(input)
        let options = KubeEncoder.Options(fromYAML: fromYAML, prepareForStorage: !keepResourceVersion)
        let (bytes, warnings) = try KubeEncoder().encodeForStorage(object, options: options)
        return Result(bytes: bytes, warnings: warnings)
    }

    public struct InputError: Error, CustomStringConvertible {
        public let description: String
    }

    /// One document from JSON or YAML input.
    public static func parseOne(_ input: [UInt8]) throws -> (JSONValue, fromYAML: Bool) {
        var i = 0
        while i < input.count, input[i] == 0x20 || input[i] == 0x0A || input[i] == 0x0D || input[i] == 0x09 { i += 1 }
        if i < input.count && input[i] == 0x7B {
            let values: [JSONValue]
            do { values = try input.withUnsafeBytes { try JSONParser.parseMany($0) } } catch {
                throw InputError(description: "invalid JSON: \(error)")
            }
            guard values.count == 1 else { throw InputError(description: "expected one object, got \(values.count) JSON documents") }
            return (values[0], false)
        }
        guard let text = String(validating: input, as: UTF8.self) else {
            throw InputError(description: "input is neither JSON nor UTF-8 YAML")
        }
        let docs: [JSONValue]
        do { docs = try YAMLInput.parseDocuments(text) } catch {
            throw InputError(description: "invalid YAML: \(error)")
        }
        guard docs.count == 1 else { throw InputError(description: "expected one object, got \(docs.count) YAML documents") }
        return (docs[0], true)
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2 + 1)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }
}
