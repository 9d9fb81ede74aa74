import GoJSON
import GoYAML

/// Renders any stored etcd value (protobuf, JSON, CBOR, encrypted, plain) in one output format.
/// The record printer, `decode`, `get`, `watch` and `export` all print through this.
public struct ValueRenderer: Sendable {
    public enum Format: Sendable {
        /// sigs.k8s.io/yaml document, ending in a newline.
        case yaml
        /// MarshalIndent with two spaces (no trailing newline).
        case json
        /// Compact JSON (no trailing newline).
        case jsonl
    }

    public struct Output: Sendable {
        public var bytes: [UInt8]
        public var warnings: [String]
        /// The stored value was not a Kubernetes object (printed as a string).
        public var isText: Bool

        public init(bytes: [UInt8], warnings: [String], isText: Bool) {
            self.bytes = bytes
            self.warnings = warnings
            self.isText = isText
        }
    }

    public let decoder: KubeDecoder

    public init(decoder: KubeDecoder = KubeDecoder()) {
        self.decoder = decoder
    }

    public func render(_ value: UnsafeRawBufferPointer, as format: Format) throws(CodecError) -> Output {
        switch StoredValueKind.classify(value) {
        case .protobuf:
            do {
                switch format {
                case .yaml:
                    let (y, unknown) = try decoder.protobufToYAML(value)
                    return Output(bytes: y, warnings: unknown.map { "unknown field: \($0)" }, isText: false)
                case .json, .jsonl:
                    let (j, unknown) = try decoder.protobufToJSON(value, pretty: format == .json)
                    return Output(bytes: j, warnings: unknown.map { "unknown field: \($0)" }, isText: false)
                }
            } catch where error.kind == .unknownKind {
                return try renderUnknownKind(value, format: format, reason: error.message)
            }
        case .json:
            let v: JSONValue
            do { v = try JSONParser.parse(value) } catch { throw CodecError(.malformed, "stored JSON value is invalid: \(error)") }
            return Output(bytes: Self.renderValue(v, format), warnings: [], isText: false)
        case .cbor:
            let v: JSONValue
            do { v = try CBORDecoder.decode(value) } catch { throw CodecError(.malformed, "stored CBOR value is invalid: \(error)") }
            // Custom resources are unstructured maps: JSON prints their keys sorted.
            return Output(bytes: Self.renderValue(Self.sortedKeys(v), format), warnings: [], isText: false)
        case .encrypted(let provider, let key):
            throw CodecError.encryptedValue(provider: provider, key: key)
        case .other:
            let text = String(decoding: UnsafeBufferPointer(start: value.baseAddress?.assumingMemoryBound(to: UInt8.self), count: value.count), as: UTF8.self)
            return Output(bytes: Self.renderValue(.string(text), format), warnings: [], isText: true)
        }
    }

    func renderUnknownKind(_ value: UnsafeRawBufferPointer, format: Format, reason: String) throws(CodecError) -> Output {
        let env = try Envelope.parse(value)
        let raw: JSONValue
        if let r = env.raw {
            raw = ProtoFieldTree.tree(UnsafeRawBufferPointer(rebasing: value[r]))
        } else {
            raw = .null
        }
        let v = JSONValue.object([
            JSONMember("apiVersion", .string(env.apiVersion)),
            JSONMember("kind", .string(env.kind)),
            JSONMember("protobufFields", raw),
        ])
        return Output(bytes: Self.renderValue(v, format), warnings: ["\(reason): showing the raw protobuf fields"], isText: false)
    }

    public static func renderValue(_ v: JSONValue, _ format: Format) -> [UInt8] {
        switch format {
        case .yaml: return YAMLEmitter.yaml(from: v)
        case .json:
            var out: [UInt8] = []
            JSONWriter.indented(v, into: &out)
            return out
        case .jsonl:
            var out: [UInt8] = []
            JSONWriter.compact(v, into: &out)
            return out
        }
    }

    static func sortedKeys(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let members):
            var byKey: [String: JSONValue] = [:]
            for m in members { byKey[m.key] = sortedKeys(m.value) }
            return .object(byKey.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.map { JSONMember($0, byKey[$0]!) })
        case .array(let items):
            return .array(items.map(sortedKeys))
        default:
            return v
        }
    }

    /// The protobuf payload inside the envelope (`-o proto`); other values as they are.
    public static func payload(_ value: [UInt8]) throws(CodecError) -> [UInt8] {
        var result: Result<[UInt8], CodecError> = .success(value)
        value.withUnsafeBytes { raw in
            guard StoredValueKind.classify(raw) == .protobuf else { return }
            do throws(CodecError) {
                let env = try Envelope.parse(raw)
                result = .success(env.raw.map { Array(value[$0]) } ?? [])
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }
}
