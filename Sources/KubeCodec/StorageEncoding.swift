import GoJSON
import KubeSchema

extension KubeEncoder {
    /// How kube-apiserver stores a kind.
    public enum StorageMedia: Equatable, Sendable {
        /// `k8s\0` protobuf envelope (every built-in kind served by kube-apiserver itself).
        case protobuf
        /// Compact JSON in Go struct order + newline (APIServices, CRDs: served by the aggregator and
        /// apiextensions servers, which store JSON).
        case typedJSON
        /// Compact JSON with sorted keys + newline (custom resources: unstructured objects).
        case unstructuredJSON
    }

    /// Groups whose objects are stored as JSON by their (non-kube-apiserver) storage.
    static let jsonStoredGroups: Set<String> = ["apiregistration.k8s.io", "apiextensions.k8s.io"]

    public func storageMedia(apiVersion: String, kind: String) -> StorageMedia {
        let group = apiVersion.contains("/") ? String(apiVersion.split(separator: "/")[0]) : ""
        if Self.jsonStoredGroups.contains(group) { return .typedJSON }
        if schema.type(apiVersion: apiVersion, kind: kind) != nil { return .protobuf }
        return .unstructuredJSON
    }

    /// The bytes kube-apiserver would write to etcd for this object (resourceVersion and selfLink
    /// cleared unless `options.prepareForStorage` is false), plus warnings for the user.
    public func encodeForStorage(_ object: JSONValue, options: Options,
                                 previous: PreviousEncoding? = nil) throws(CodecError) -> (bytes: [UInt8], warnings: [String]) {
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        let kind = object["kind"]?.stringValue ?? ""
        guard !apiVersion.isEmpty else { throw CodecError(.invalidValue, "apiVersion: missing or not a string") }
        guard !kind.isEmpty else { throw CodecError(.invalidValue, "kind: missing or not a string") }
        switch storageMedia(apiVersion: apiVersion, kind: kind) {
        case .protobuf:
            return (try encodeStored(object, options: options, previous: previous), [])
        case .typedJSON:
            var warnings: [String] = []
            if kind == "CustomResourceDefinition" && apiVersion == "apiextensions.k8s.io/v1" {
                warnings.append("kube-apiserver stores CRDs as apiextensions.k8s.io/v1beta1; this v1 object is written as v1 JSON (conversion is not implemented)")
            }
            // Through the schema and back: Go struct order, omitempty applied, unknown fields refused.
            let (_, _, payload) = try encodePayload(object, options: options)
            let stored = Envelope.write(apiVersion: apiVersion, kind: kind, raw: payload)
            var json: [UInt8] = []
            var failure: CodecError?
            stored.withUnsafeBytes { raw in
                do throws(CodecError) { json = try KubeDecoder().protobufToJSON(raw, pretty: false).json } catch { failure = error }
            }
            if let failure { throw failure }
            json.append(0x0A)
            return (json, warnings)
        case .unstructuredJSON:
            var v = object
            if options.prepareForStorage, case .object(let members) = object {
                v = .object(members.map { m in
                    guard m.key == "metadata", case .object(let meta) = m.value else { return m }
                    return JSONMember("metadata", .object(meta.filter { $0.key != "resourceVersion" && $0.key != "selfLink" }))
                })
            }
            var out: [UInt8] = []
            JSONWriter.compact(ValueRenderer.sortedKeys(v), into: &out)
            out.append(0x0A)
            return (out, ["\(kind) in \(apiVersion) is not a built-in kind: written as a custom resource (JSON, keys sorted)"])
        }
    }
}
