/// apiVersion and kind of a stored value, read without the codec: the `k8s\0` protobuf envelope
/// starts with field 1 (TypeMeta: 1 apiVersion, 2 kind); a JSON object carries the two keys at
/// its top level. Anything else (plain values, encrypted `k8s:enc:` data) has no type.
public enum AnalyzeTypeMeta {
    public enum Encoding: String, Sendable, Encodable { case protobuf, json, encrypted, other }

    static let protobufMagic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]  // "k8s\0"
    static let encryptedMagic: [UInt8] = Array("k8s:enc:".utf8)

    public static func encoding(of value: UnsafeRawBufferPointer) -> Encoding {
        if value.starts(with: encryptedMagic) { return .encrypted }
        if value.starts(with: protobufMagic) { return .protobuf }
        if let first = value.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }), first == UInt8(ascii: "{") {
            return .json
        }
        return .other
    }

    /// nil when the value has no recognizable TypeMeta.
    public static func typeMeta(of value: UnsafeRawBufferPointer) -> (apiVersion: String, kind: String)? {
        switch encoding(of: value) {
        case .protobuf: return fromProtobuf(value)
        case .json: return fromJSON(value)
        case .encrypted, .other: return nil
        }
    }

    static func fromProtobuf(_ value: UnsafeRawBufferPointer) -> (String, String)? {
        var p = ProtoCursor(value, from: 4)
        // The envelope: field 1 TypeMeta is first in practice, but look at every top-level field.
        while let (field, wire) = p.tag() {
            if field == 1 && wire == 2 {
                guard let meta = p.lengthDelimited() else { return nil }
                var m = ProtoCursor(meta, from: 0)
                var apiVersion = "", kind = ""
                while let (f, w) = m.tag() {
                    if w == 2, let b = m.lengthDelimited() {
                        if f == 1 { apiVersion = String(decoding: b, as: UTF8.self) }
                        if f == 2 { kind = String(decoding: b, as: UTF8.self) }
                    } else if !m.skip(w) { return nil }
                }
                return kind.isEmpty && apiVersion.isEmpty ? nil : (apiVersion, kind)
            }
            if !p.skip(wire) { return nil }
        }
        return nil
    }

    /// A tiny scan for top-level `"apiVersion"` and `"kind"` string members; nested objects and
    /// arrays are skipped by depth so a nested `kind` (in an ownerReference) is not taken.
    static func fromJSON(_ value: UnsafeRawBufferPointer) -> (String, String)? {
        var apiVersion: String?, kind: String?
        var depth = 0
        var i = 0
        var lastString: Range<Int>?
        var expectValueFor: String?
        while i < value.count {
            let c = value[i]
            switch c {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1; expectValueFor = nil
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: "\""):
                let start = i + 1
                var j = start
                while j < value.count && value[j] != UInt8(ascii: "\"") { j += value[j] == UInt8(ascii: "\\") ? 2 : 1 }
                guard j < value.count else { return nil }
                if depth == 1, let key = expectValueFor {
                    let s = String(decoding: UnsafeRawBufferPointer(rebasing: value[start..<j]), as: UTF8.self)
                    if key == "apiVersion" { apiVersion = s } else { kind = s }
                    expectValueFor = nil
                    lastString = nil
                } else {
                    lastString = start..<j
                }
                i = j
            case UInt8(ascii: ":"):
                if depth == 1, let r = lastString {
                    let name = String(decoding: UnsafeRawBufferPointer(rebasing: value[r]), as: UTF8.self)
                    expectValueFor = name == "apiVersion" || name == "kind" ? name : nil
                }
                lastString = nil
            case UInt8(ascii: ","): expectValueFor = nil; lastString = nil
            default: break
            }
            if let apiVersion, let kind { return (apiVersion, kind) }
            i += 1
        }
        if apiVersion == nil && kind == nil { return nil }
        return (apiVersion ?? "", kind ?? "")
    }
}

/// A bounds-checked protobuf cursor over raw bytes, for the few fields analyze reads.
struct ProtoCursor {
    let bytes: UnsafeRawBufferPointer
    var i: Int

    init(_ bytes: UnsafeRawBufferPointer, from start: Int) {
        self.bytes = bytes
        i = start
    }

    mutating func varint() -> UInt64? {
        var result: UInt64 = 0, shift: UInt64 = 0
        while i < bytes.count && shift < 64 {
            let b = bytes[i]
            i += 1
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
        return nil
    }

    mutating func tag() -> (UInt64, UInt64)? {
        guard i < bytes.count, let t = varint() else { return nil }
        return (t >> 3, t & 7)
    }

    mutating func lengthDelimited() -> UnsafeRawBufferPointer? {
        guard let n = varint(), n <= UInt64(bytes.count - i) else { return nil }
        let r = UnsafeRawBufferPointer(rebasing: bytes[i..<(i + Int(n))])
        i += Int(n)
        return r
    }

    mutating func skip(_ wire: UInt64) -> Bool {
        switch wire {
        case 0: return varint() != nil
        case 1: guard bytes.count - i >= 8 else { return false }; i += 8; return true
        case 2: return lengthDelimited() != nil
        case 5: guard bytes.count - i >= 4 else { return false }; i += 4; return true
        default: return false
        }
    }
}
