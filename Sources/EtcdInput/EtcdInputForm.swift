/// The shapes of input `strata decode` accepts: what etcdctl prints, or a bare value.
public enum EtcdInputForm: String, CaseIterable, Sendable {
    /// The bytes of one value, exactly (no key, nothing stripped).
    case raw
    /// `etcdctl get` default output: a key line, then the value and a newline, per key.
    case simple
    /// `etcdctl get --print-value-only`: values each followed by a newline, no keys.
    case value
    /// `etcdctl get -w json`: one or more RangeResponse objects in JSON.
    case json
    /// `etcdctl get -w protobuf`: a serialized RangeResponse (concatenations merge into one).
    case protobuf
    /// `etcdctl get --hex`: key and value lines written as `\xHH` escapes.
    case hex
    /// `etcdctl get -w fields`: `"Key" : "<Go-quoted>"` lines, revisions included.
    case fields
}

extension EtcdInputForm {
    /// Guesses the form from the first bytes of the input (64 are plenty).
    public static func detect(prefix: [UInt8]) -> EtcdInputForm {
        if prefix.count >= 4, prefix[0] == UInt8(ascii: "\\"), prefix[1] == UInt8(ascii: "x"),
           isHexDigit(prefix[2]), isHexDigit(prefix[3]) {
            return .hex
        }
        if looksLikeRangeResponse(prefix) { return .protobuf }
        if prefix.starts(with: Array("\"ClusterID\" : ".utf8)) || prefix.starts(with: Array("\"Key\" : ".utf8)) {
            return .fields
        }
        if let first = prefix.firstIndex(where: { !isJSONWhitespace($0) }), prefix[first] == UInt8(ascii: "{") {
            return startsWithHeaderMember(prefix[(first + 1)...]) ? .json : .value
        }
        if prefix.starts(with: KubernetesValueShapes.protobufMagic) || prefix.starts(with: KubernetesValueShapes.cborSelfDescribed) {
            return .value
        }
        if prefix.first == UInt8(ascii: "/") { return .simple }
        for key in KubernetesValueShapes.knownPlainKeys where prefix.starts(with: key + [0x0A]) {
            return .simple
        }
        return .raw
    }

    /// A RangeResponse begins with its header (field 1, length-delimited), whose first field is a
    /// varint (cluster_id, member_id, revision or raft_term).
    private static func looksLikeRangeResponse(_ p: [UInt8]) -> Bool {
        guard p.count >= 3, p[0] == 0x0A else { return false }
        var index = 1
        var length = 0
        var shift = 0
        while index < p.count, index < 4 {
            let b = p[index]
            length |= Int(b & 0x7F) << shift
            index += 1
            if b < 0x80 { break }
            shift += 7
        }
        guard index < p.count, length > 0, length <= 64 else { return false }
        return [0x08, 0x10, 0x18, 0x20].contains(p[index])
    }

    private static func startsWithHeaderMember(_ rest: ArraySlice<UInt8>) -> Bool {
        let trimmed = rest.drop(while: isJSONWhitespace)
        return trimmed.starts(with: Array("\"header\"".utf8))
    }
}

@inline(__always)
func isHexDigit(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
}

@inline(__always)
func isJSONWhitespace(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D
}
