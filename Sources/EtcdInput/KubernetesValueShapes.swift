/// Byte shapes of values kube-apiserver writes to etcd, used to find where a value ends when
/// etcdctl prints several of them without framing.
enum KubernetesValueShapes {
    /// The protobuf storage envelope: magic, then a runtime.Unknown message.
    static let protobufMagic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]  // "k8s\0"
    /// CBOR with the self-described tag (custom resources with CBOR storage).
    static let cborSelfDescribed: [UInt8] = [0xD9, 0xD9, 0xF7]
    /// Keys kube-apiserver keeps outside its `/registry` prefix.
    static let knownPlainKeys: [[UInt8]] = [Array("compact_rev_key".utf8)]
    /// The same keys as etcdctl prints them: followed by a newline.
    static let knownPlainKeyLines: [[UInt8]] = knownPlainKeys.map { $0 + [0x0A] }
}
