/// Parses the schema table written by `scripts/gen-schema.py`.
///
/// Grammar (tab-separated lines):
/// - `K <apiVersion> <kind> <typeIndex>`: a kind and its message type.
/// - `T <goName>`: starts message type number N (N counts T lines from 0).
/// - `F <json> <number> <flags> <spec>`: a field of the current type, in Go order.
///   flags: `p` pointer, `o` omitempty, `z` omitzero, `i` inline, `n` json:"-", `-` none.
///   spec: `[X` list of X, `{X` map string→X, `@X` named slice wrapped in a message, then one of
///   `string int32 int64 bool float64 bytes`, `m<index>`, `!time !microtime !duration !quantity
///   !intorstring !rawext !fieldsv1 !json !unknown`, `!propsorarray:<index>` (and `propsorbool`,
///   `propsorstringarray`).
public enum SchemaLoader {
    public struct FormatError: Error, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "schema line \(line): \(message)" }
    }

    public static func parse(_ text: String) throws -> Schema {
        var types: [MessageType] = []
        var kinds: [KindKey: Int32] = [:]
        var currentName: String?
        var currentFields: [Field] = []
        var lineNumber = 0

        func flush() {
            if let name = currentName { types.append(MessageType(name: name, fields: currentFields)) }
            currentName = nil
            currentFields = []
        }

        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: true) {
            lineNumber += 1
            if rawLine.hasPrefix("#") { continue }
            let parts = rawLine.split(separator: "\t", omittingEmptySubsequences: false)
            switch parts.first {
            case "K":
                guard parts.count == 4, let idx = Int32(parts[3]) else { throw FormatError(line: lineNumber, message: "bad kind line") }
                kinds[KindKey(apiVersion: String(parts[1]), kind: String(parts[2]))] = idx
            case "T":
                guard parts.count == 2 else { throw FormatError(line: lineNumber, message: "bad type line") }
                flush()
                currentName = String(parts[1])
            case "F":
                guard parts.count == 5, currentName != nil, let number = Int(parts[2]) else {
                    throw FormatError(line: lineNumber, message: "bad field line")
                }
                var flags: FieldFlags = []
                for c in parts[3] {
                    switch c {
                    case "p": flags.insert(.pointer)
                    case "o": flags.insert(.omitEmpty)
                    case "z": flags.insert(.omitZero)
                    case "i": flags.insert(.inline)
                    case "n": flags.insert(.jsonSkip)
                    case "-": break
                    default: throw FormatError(line: lineNumber, message: "unknown flag \(c)")
                    }
                }
                var spec = Substring(parts[4])
                var cardinality = Cardinality.single
                if spec.hasPrefix("[") { cardinality = .list; spec = spec.dropFirst() }
                else if spec.hasPrefix("{") { cardinality = .map; spec = spec.dropFirst() }
                if spec.hasPrefix("@") { flags.insert(.wrapped); spec = spec.dropFirst() }
                guard let element = element(spec) else {
                    throw FormatError(line: lineNumber, message: "unknown type spec \(parts[4])")
                }
                currentFields.append(Field(jsonName: String(parts[1]), number: number, cardinality: cardinality,
                                           element: element, flags: flags))
            default:
                throw FormatError(line: lineNumber, message: "unknown line kind")
            }
        }
        flush()
        for (key, idx) in kinds where idx < 0 || Int(idx) >= types.count {
            throw FormatError(line: 0, message: "kind \(key.kind) points past the type table")
        }
        return Schema(types: types, kinds: kinds)
    }

    static func element(_ spec: Substring) -> Element? {
        switch spec {
        case "string": return .string
        case "int32": return .int32
        case "int64": return .int64
        case "bool": return .bool
        case "float64": return .float64
        case "bytes": return .bytes
        case "!time": return .time
        case "!microtime": return .microTime
        case "!duration": return .duration
        case "!quantity": return .quantity
        case "!intorstring": return .intOrString
        case "!rawext": return .rawExtension
        case "!fieldsv1": return .fieldsV1
        case "!json": return .json
        case "!unknown": return .unknown
        default: break
        }
        if spec.hasPrefix("m"), let i = Int32(spec.dropFirst()) { return .message(i) }
        if let colon = spec.firstIndex(of: ":"), let i = Int32(spec[spec.index(after: colon)...]) {
            switch spec[..<colon] {
            case "!propsorarray": return .propsOrArray(i)
            case "!propsorbool": return .propsOrBool(i)
            case "!propsorstringarray": return .propsOrStringArray(i)
            default: return nil
            }
        }
        return nil
    }
}
