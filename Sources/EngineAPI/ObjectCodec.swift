import EngineKit
import GoJSON
import KubeCodec

/// Turns objects into the bytes kube-apiserver stores and back, with the codec every other
/// Strata command uses; resourceVersion and selfLink are never stored.
struct ObjectCodec: Sendable {
    let encoder = KubeEncoder()
    let decoder = KubeDecoder()

    func encode(_ object: JSONValue) throws(APIError) -> [UInt8] {
        do {
            return try encoder.encodeForStorage(object, options: .init(prepareForStorage: true)).bytes
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
