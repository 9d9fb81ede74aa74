import GoJSON

/// Measuring values that carry their own length: the Kubernetes protobuf envelope, JSON, and
/// self-described CBOR.
extension ValueFraming {
    enum Measure {
        case needMore
        case end(Int)
        case unmeasured
    }

    func measuredEnd(_ bytes: UnsafeBufferPointer<UInt8>, atEOF: Bool) -> Measure {
        guard let first = bytes.first else { return atEOF ? .unmeasured : .needMore }
        if first == KubernetesValueShapes.protobufMagic[0] {
            if bytes.count < 4 { return atEOF ? .unmeasured : .needMore }
            if bytes.starts(with: KubernetesValueShapes.protobufMagic) { return envelopeEnd(bytes, atEOF: atEOF) }
        }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            return jsonEnd(bytes, atEOF: atEOF)
        }
        if first == KubernetesValueShapes.cborSelfDescribed[0] {
            if bytes.count < 3 { return atEOF ? .unmeasured : .needMore }
            if bytes.starts(with: KubernetesValueShapes.cborSelfDescribed) { return cborEnd(bytes, atEOF: atEOF) }
        }
        return .unmeasured
    }

    /// runtime.Unknown after the magic: fields 1–4, all length-delimited, in increasing order
    /// (gogo writes them that way, 3 and 4 even when empty). The newline etcdctl appends reads as
    /// the tag of field 1 again, which is how the end shows.
    private func envelopeEnd(_ bytes: UnsafeBufferPointer<UInt8>, atEOF: Bool) -> Measure {
        var position = 4
        var lastField: UInt64 = 0
        while true {
            if position == bytes.count { return atEOF ? .end(position) : .needMore }
            var cursor = position
            guard let tag = readVarint(bytes, &cursor) else { return atEOF ? .unmeasured : .needMore }
            let field = tag >> 3
            if tag & 7 != 2 || field <= lastField || field > 4 { return .end(position) }
            guard let length = readVarint(bytes, &cursor) else { return atEOF ? .unmeasured : .needMore }
            guard length <= UInt64(bytes.count - cursor) else { return atEOF ? .unmeasured : .needMore }
            position = cursor + Int(length)
            lastField = field
            if field == 4 { return .end(position) }
        }
    }

    private func readVarint(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count, shift < 64 {
            let b = bytes[position]
            position += 1
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    /// The matching close bracket, skipping string contents.
    private func jsonEnd(_ bytes: UnsafeBufferPointer<UInt8>, atEOF: Bool) -> Measure {
        var depth = 0
        var inString = false
        var index = 0
        while index < bytes.count {
            let b = bytes[index]
            if inString {
                if b == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if b == UInt8(ascii: "\"") { inString = false }
            } else {
                switch b {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return .end(index + 1) }
                default: break
                }
            }
            index += 1
        }
        return atEOF ? .unmeasured : .needMore
    }

    private func cborEnd(_ bytes: UnsafeBufferPointer<UInt8>, atEOF: Bool) -> Measure {
        do {
            let (_, end) = try CBORDecoder.decodePrefix(UnsafeRawBufferPointer(bytes))
            return .end(end)
        } catch let error as CBORDecodeError where error.isTruncation {
            return atEOF ? .unmeasured : .needMore
        } catch {
            return .unmeasured
        }
    }
}
