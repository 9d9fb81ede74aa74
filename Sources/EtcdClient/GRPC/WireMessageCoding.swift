import EtcdModel
import GRPCCore
import ProtoWire

/// Serializes etcd messages with the project's own wire writer: no generated code involved.
struct WireMessageSerializer<Message: WireMessage>: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: Message) throws -> Bytes {
        Bytes(message.serialized())
    }
}

/// Decodes straight from the transport's buffer, without an intermediate copy.
struct WireMessageDeserializer<Message: WireMessage>: MessageDeserializer {
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> Message {
        try serializedMessageBytes.withUnsafeBytes { raw in
            try Message(decoding: WireReader(raw))
        }
    }
}

/// A request serialized before the call, so its size can choose the connection and the bytes are
/// written once.
struct SerializedMessage: Sendable {
    let bytes: [UInt8]
    init(_ message: some WireMessage) { bytes = message.serialized() }
}

struct SerializedMessageSerializer: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: SerializedMessage) throws -> Bytes {
        Bytes(message.bytes)
    }
}
