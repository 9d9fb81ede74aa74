import EngineKit
import GoJSON
import KubeCodec

/// Turns objects into the bytes kube-apiserver stores and back, with the codec every other
/// Strata command uses; resourceVersion and selfLink are never stored.
struct ObjectCodec: Sendable {
    let encoder = KubeEncoder()
    let decoder = KubeDecoder()

    /// `previous`: the stored version this one replaces, whose unchanged top-level fields are
    /// copied rather than encoded again.
    func encode(_ object: JSONValue, previous: StoredObject? = nil) throws(APIError) -> [UInt8] {
        do {
            let reuse = previous.flatMap { PreviousEncoding(object: $0.object, stored: $0.bytes) }
            return try encoder.encodeForStorage(object, options: .init(prepareForStorage: true), previous: reuse).bytes
        } catch {
            throw APIError.internalError("encoding \(object["kind"]?.stringValue ?? "object"): \(error)")
        }
    }

    func decode(_ bytes: [UInt8]) throws(APIError) -> JSONValue {
        do {
            if bytes.starts(with: Envelope.magic) {
                return try bytes.withUnsafeBytes { raw throws(CodecError) in try decoder.protobufToValue(raw).value }
            }
            return try JSONParser.parse(bytes)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.internalError("decoding a stored object: \(error)")
        }
    }
}
