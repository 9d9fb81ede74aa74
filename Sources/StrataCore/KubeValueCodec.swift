import EtcdModel
import GoJSON
import KubeCodec

/// The Kubernetes codec behind `put` and `edit`: objects are edited as YAML and stored as
/// kube-apiserver stores them (protobuf for built-in kinds, JSON for APIServices, CRDs and custom
/// resources); values that are not objects are edited and stored as plain text.
public struct KubeValueCodec: StoredValueCodec {
    public let keepResourceVersion: Bool

    public init(keepResourceVersion: Bool = false) {
        self.keepResourceVersion = keepResourceVersion
    }

    public func editableDocument(for kv: KeyValue) throws -> [UInt8] {
        let out = try kv.value.withUnsafeBytes { try ValueRenderer().render($0, as: .yaml) }
        return out.isText ? kv.value : out.bytes
    }

    public func storedValue(fromDocument document: [UInt8], key: [UInt8], existing: [UInt8]?) throws -> [UInt8] {
        if let existing, isPlainText(existing), !looksLikeObject(document) {
            return document
        }
        return try EncodeOperation.encode(document, keepResourceVersion: keepResourceVersion).bytes
    }

    func isPlainText(_ value: [UInt8]) -> Bool {
        value.withUnsafeBytes { StoredValueKind.classify($0) == .other }
    }

    func looksLikeObject(_ document: [UInt8]) -> Bool {
        guard let text = String(validating: document, as: UTF8.self) else { return false }
        return text.contains("apiVersion") && text.contains("kind")
    }
}
