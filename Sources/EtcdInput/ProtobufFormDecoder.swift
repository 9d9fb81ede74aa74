import EtcdModel
import ProtoWire

/// `etcdctl get -w protobuf`: a serialized RangeResponse. Read field by field so only one
/// KeyValue is in memory at a time; concatenated responses are still a valid message whose
/// `kvs` are all the responses' kvs in order, which is exactly what we yield.
struct ProtobufFormDecoder {
    private static let kvsField: UInt64 = 2

    mutating func next(_ input: ChunkedInput) throws -> KeyValue? {
        while true {
            if input.available == 0 {
                if input.isEOF { return nil }
                try input.readMore()
                continue
            }
            guard let (tag, tagLength) = try varint(input, at: 0) else { continue }
            let wire = tag & 7
            var bodyStart = tagLength
            let bodyLength: Int
            switch wire {
            case 0:
                guard let (_, length) = try varint(input, at: tagLength) else { continue }
                bodyLength = length
            case 1: bodyLength = 8
            case 5: bodyLength = 4
            case 2:
                guard let (length, lengthSize) = try varint(input, at: tagLength) else { continue }
                guard length <= UInt64(Int.max / 2) else {
                    throw EtcdInputError(offset: input.offset, message: "field length \(length) is impossible")
                }
                bodyStart += lengthSize
                bodyLength = Int(length)
            default:
                throw EtcdInputError(offset: input.offset, message: "invalid protobuf wire type \(wire) in RangeResponse")
            }
            guard try input.fill(atLeast: bodyStart + bodyLength) else {
                throw EtcdInputError(offset: input.offset, message: "protobuf input ends inside a field")
            }
            if tag >> 3 == Self.kvsField && wire == 2 {
                let start = input.offset
                let decoded: Result<KeyValue, WireError> = input.withAvailable { bytes in
                    do throws(WireError) {
                        // fill(atLeast:) guaranteed the bytes, so the buffer is not empty.
                        return .success(try KeyValue(decoding: WireReader(base: bytes.baseAddress!, from: bodyStart, to: bodyStart + bodyLength)))
                    } catch {
                        return .failure(error)
                    }
                }
                let kv: KeyValue
                switch decoded {
                case .success(let value): kv = value
                case .failure(let error): throw EtcdInputError(offset: start + error.offset, message: "bad KeyValue: \(error)")
                }
                input.consume(bodyStart + bodyLength)
                return kv
            }
            input.consume(bodyStart + bodyLength)
        }
    }

    /// A varint at `position` of the available bytes and its size; nil after reading more input
    /// when it was cut (the caller retries), an error when the input ends inside it.
    private func varint(_ input: ChunkedInput, at position: Int) throws -> (UInt64, Int)? {
        let parsed: (UInt64, Int)?? = input.withAvailable { bytes in
            var value: UInt64 = 0
            var shift: UInt64 = 0
            var index = position
            while index < bytes.count {
                let b = bytes[index]
                guard shift < 64 else { return .some(nil) }
                value |= UInt64(b & 0x7F) << shift
                index += 1
                if b < 0x80 { return (value, index - position) }
                shift += 7
            }
            return nil
        }
        switch parsed {
        case .some(.some(let result)): return result
        case .some(.none): throw EtcdInputError(offset: input.offset + position, message: "malformed varint")
        case .none:
            if try !input.readMore() && input.isEOF {
                throw EtcdInputError(offset: input.offset + position, message: "protobuf input ends inside a varint")
            }
            return nil
        }
    }
}
