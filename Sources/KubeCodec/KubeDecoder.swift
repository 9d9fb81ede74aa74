import GoJSON
import KubeSchema
import ProtoWire

/// Decodes stored Kubernetes values to the JSON and YAML that Kubernetes itself prints.
public struct KubeDecoder: Sendable {
    public let schema: Schema
    public let options: DecodeOptions
    let compiled: CompiledSchema

    public init(options: DecodeOptions = DecodeOptions()) {
        self.schema = .builtIn
        self.options = options
        self.compiled = .builtIn
    }

    public init(schema: Schema, options: DecodeOptions = DecodeOptions()) {
        self.schema = schema
        self.options = options
        self.compiled = CompiledSchema(schema)
    }

    /// The apiVersion and kind of a stored value, without decoding the object.
    public func typeMeta(_ value: UnsafeRawBufferPointer) throws(CodecError) -> (apiVersion: String, kind: String) {
        switch StoredValueKind.classify(value) {
        case .protobuf:
            let env = try Envelope.parse(value)
            return (env.apiVersion, env.kind)
        case .json:
            let v: JSONValue
            do { v = try JSONParser.parse(value) } catch { throw CodecError(.malformed, "invalid JSON value: \(error)") }
            return (v["apiVersion"]?.stringValue ?? "", v["kind"]?.stringValue ?? "")
        case .encrypted(let provider, let key):
            throw CodecError.encryptedValue(provider: provider, key: key)
        case .cbor, .other:
            throw CodecError(.unsupported, "value is not a Kubernetes protobuf or JSON object")
        }
    }

    /// Protobuf payload → JSON text (`pretty`: MarshalIndent with two spaces, no trailing newline;
    /// otherwise compact). Also returns the unknown fields met (type name, field number).
    public func protobufToJSON(_ value: UnsafeRawBufferPointer, pretty: Bool) throws(CodecError) -> (json: [UInt8], unknownFields: [String]) {
        let env = try Envelope.parse(value)
        guard let typeIndex = schema.type(apiVersion: env.apiVersion, kind: env.kind) ?? Self.fallbackType(schema, env) else {
            throw CodecError(.unknownKind, "unknown kind \(env.kind) in \(env.apiVersion.isEmpty ? "(no apiVersion)" : env.apiVersion)")
        }
        guard let base = value.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw CodecError(.truncated, "empty value")
        }
        var t = ProtoToJSON(compiled: compiled, options: options, base: base,
                            sink: JSONOutput(pretty: pretty, capacity: value.count * (pretty ? 5 : 3)))
        defer { t.stack.deallocate(); t.out.deallocate() }
        try t.writeObject(type: typeIndex, range: env.raw ?? 0..<0, kind: env.kind, apiVersion: env.apiVersion)
        let unknown = t.stack.unknownFields.map { "\(schema.types[Int($0.0)].shortName) field \($0.1)" }
        if options.strict, let first = unknown.first {
            throw CodecError(.unknownField, "unknown field: \(first)")
        }
        return (t.out.bytes, unknown)
    }

    /// Protobuf value → the `JSONValue` that parsing `protobufToJSON`'s text gives, built directly.
    public func protobufToValue(_ value: UnsafeRawBufferPointer) throws(CodecError) -> (value: JSONValue, unknownFields: [String]) {
        let env = try Envelope.parse(value)
        guard let typeIndex = schema.type(apiVersion: env.apiVersion, kind: env.kind) ?? Self.fallbackType(schema, env) else {
            throw CodecError(.unknownKind, "unknown kind \(env.kind) in \(env.apiVersion.isEmpty ? "(no apiVersion)" : env.apiVersion)")
        }
        guard let base = value.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw CodecError(.truncated, "empty value")
        }
        var t = ProtoToJSON(compiled: compiled, options: options, base: base, sink: JSONValueBuilder(fieldNames: compiled.fieldNames))
        defer { t.stack.deallocate() }
        try t.writeObject(type: typeIndex, range: env.raw ?? 0..<0, kind: env.kind, apiVersion: env.apiVersion)
        let unknown = t.stack.unknownFields.map { "\(schema.types[Int($0.0)].shortName) field \($0.1)" }
        if options.strict, let first = unknown.first {
            throw CodecError(.unknownField, "unknown field: \(first)")
        }
        return (t.out.result, unknown)
    }

    /// Protobuf value → YAML document (ends with a newline, no `---`).
    public func protobufToYAML(_ value: UnsafeRawBufferPointer) throws(CodecError) -> (yaml: [UInt8], unknownFields: [String]) {
        let env = try Envelope.parse(value)
        guard let typeIndex = schema.type(apiVersion: env.apiVersion, kind: env.kind) ?? Self.fallbackType(schema, env) else {
            throw CodecError(.unknownKind, "unknown kind \(env.kind) in \(env.apiVersion.isEmpty ? "(no apiVersion)" : env.apiVersion)")
        }
        guard let base = value.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw CodecError(.truncated, "empty value")
        }
        var t = ProtoToYAML(compiled: compiled, options: options, base: base, capacity: value.count * 4)
        try t.writeObject(typeIndex, env.raw ?? 0..<0, kind: env.kind, apiVersion: env.apiVersion)
        t.out.endDocument()
        let unknown = t.stack.unknownFields.map { "\(schema.types[Int($0.0)].shortName) field \($0.1)" }
        if options.strict, let first = unknown.first {
            throw CodecError(.unknownField, "unknown field: \(first)")
        }
        return (t.out.output, unknown)
    }

    /// WatchEvent fixtures carry an empty TypeMeta; everything else must name its kind.
    static func fallbackType(_ schema: Schema, _ env: Envelope) -> Int32? {
        if env.apiVersion.isEmpty && env.kind.isEmpty { return schema.type(apiVersion: "v1", kind: "WatchEvent") }
        return nil
    }
}

extension CodecError {
    public static func encryptedValue(provider: String, key: String) -> CodecError {
        CodecError(.encrypted, "value is encrypted at rest with provider \(provider)\(key.isEmpty ? "" : ", key \(key)"); decryption is not supported yet")
    }
}
