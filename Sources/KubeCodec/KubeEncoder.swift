import GoJSON
import KubeSchema
import ProtoWire

/// Encodes Kubernetes objects (as ordered JSON values) into the bytes kube-apiserver stores.
public struct KubeEncoder: Sendable {
    public let schema: Schema
    let names: [JSONNameTable]

    public init() {
        self.schema = .builtIn
        self.names = JSONNameTable.builtIn
    }

    public init(schema: Schema) {
        self.schema = schema
        self.names = JSONNameTable.build(schema)
    }

    public struct Options: Sendable {
        /// Input came from YAML: plain scalars may stand for strings (sigs.k8s.io/yaml rules).
        public var fromYAML: Bool
        /// Clear metadata.resourceVersion and selfLink, as the apiserver does before storing.
        public var prepareForStorage: Bool
        public init(fromYAML: Bool = false, prepareForStorage: Bool = false) {
            self.fromYAML = fromYAML
            self.prepareForStorage = prepareForStorage
        }
    }

    /// The object's protobuf message (no envelope).
    /// `schemaType` names the schema type for objects that do not carry their own TypeMeta
    /// (WatchEvent); the envelope then gets the object's own (possibly empty) apiVersion and kind.
    public func encodePayload(_ object: JSONValue, options: Options = Options(), schemaType: KindKey? = nil,
                              previous: PreviousEncoding? = nil) throws(CodecError) -> (apiVersion: String, kind: String, payload: [UInt8]) {
        guard case .object(var members) = object else {
            throw CodecError(.wrongType, "(top level): expected a Kubernetes object, got \(ProtoEncoder.describe(object))")
        }
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        let kind = object["kind"]?.stringValue ?? ""
        let lookup = schemaType ?? KindKey(apiVersion: apiVersion, kind: kind)
        if schemaType == nil {
            guard !apiVersion.isEmpty else { throw CodecError(.invalidValue, "apiVersion: missing or not a string") }
            guard !kind.isEmpty else { throw CodecError(.invalidValue, "kind: missing or not a string") }
        }
        guard let type = schema.type(apiVersion: lookup.apiVersion, kind: lookup.kind) else {
            throw CodecError(.unknownKind, "kind: unknown kind \(lookup.kind) in \(lookup.apiVersion)")
        }
        if options.prepareForStorage {
            members = members.map { m in
                guard m.key == "metadata", case .object(let meta) = m.value else { return m }
                return JSONMember("metadata", .object(meta.filter { $0.key != "resourceVersion" && $0.key != "selfLink" }))
            }
        }
        var e = ProtoEncoder(schema: schema, names: names, lenientScalars: options.fromYAML)
        e.previous = previous
        var w = WireWriter(capacity: previous.map { $0.stored.count + 256 } ?? 1024)
        try e.message(type, members: members, into: &w, topLevel: true)
        return (apiVersion, kind, w.bytes)
    }

    /// The stored value: `k8s\0` envelope around the payload.
    public func encodeStored(_ object: JSONValue, options: Options = Options(), schemaType: KindKey? = nil,
                             previous: PreviousEncoding? = nil) throws(CodecError) -> [UInt8] {
        let (apiVersion, kind, payload) = try encodePayload(object, options: options, schemaType: schemaType, previous: previous)
        return Envelope.write(apiVersion: apiVersion, kind: kind, raw: payload)
    }
}
