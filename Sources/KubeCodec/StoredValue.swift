/// What kind of bytes a stored etcd value holds, decided from its first bytes.
public enum StoredValueKind: Equatable, Sendable {
    /// `k8s\0` + runtime.Unknown.
    case protobuf
    /// A JSON object (CRDs, APIServices, custom resources, apiservers run with JSON storage).
    case json
    /// CBOR with the self-described tag `d9 d9 f7` (custom resources with CBORServingAndStorage).
    case cbor
    /// Encrypted at rest: `k8s:enc:<provider>:v1:<key>:`.
    case encrypted(provider: String, key: String)
    /// Anything else (compact_rev_key's decimal revision, non-Kubernetes keys).
    case other

    public static func classify(_ bytes: UnsafeRawBufferPointer) -> StoredValueKind {
        if Envelope.hasMagic(bytes) { return .protobuf }
        if bytes.count >= 3 && bytes[0] == 0xD9 && bytes[1] == 0xD9 && bytes[2] == 0xF7 { return .cbor }
        let prefix = Array("k8s:enc:".utf8)
        if bytes.count >= prefix.count && zip(bytes.prefix(prefix.count), prefix).allSatisfy({ $0 == $1 }) {
            // k8s:enc:<provider>:v1:<key>: — the key name ends at the next ':'.
            let rest = Array(bytes.dropFirst(prefix.count).prefix(512))
            let parts = rest.split(separator: 0x3A, maxSplits: 3, omittingEmptySubsequences: false)
            let provider = parts.count > 0 ? String(decoding: parts[0], as: UTF8.self) : ""
            var key = parts.count > 2 ? String(decoding: parts[2], as: UTF8.self) : ""
            if provider == "kms" && parts.count > 1 && String(decoding: parts[1], as: UTF8.self) == "v2" { key = parts.count > 2 ? String(decoding: parts[2], as: UTF8.self) : "" }
            return .encrypted(provider: provider, key: key)
        }
        var i = 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        if i < bytes.count && bytes[i] == 0x7B { return .json }
        return .other
    }
}
