import EtcdModel

/// Turns stored values into documents a person edits, and documents back into stored values.
/// `put` and `edit` go through this, so they stay unaware of the Kubernetes encodings.
public protocol StoredValueCodec: Sendable {
    /// The value of `kv` as an editable document (YAML for Kubernetes objects, text otherwise).
    func editableDocument(for kv: KeyValue) throws -> [UInt8]
    /// The bytes to store under `key` for a YAML/JSON `document`. `existing` is the value being
    /// replaced, if any, so the encoding (protobuf or JSON) can follow what is there.
    func storedValue(fromDocument document: [UInt8], key: [UInt8], existing: [UInt8]?) throws -> [UInt8]
}

/// Stores documents byte for byte and edits values as they are (`put --raw`).
public struct PassthroughCodec: StoredValueCodec {
    public init() {}

    public func editableDocument(for kv: KeyValue) throws -> [UInt8] { kv.value }

    public func storedValue(fromDocument document: [UInt8], key: [UInt8], existing: [UInt8]?) throws -> [UInt8] {
        document
    }
}

/// The codec the commands use: Kubernetes objects as YAML, stored the way kube-apiserver stores them.
public enum StoredValueCodecs {
    public static var standard: any StoredValueCodec { KubeValueCodec() }
}
