import GoJSON

/// The hashes controllers put into names and labels (`pod-template-hash`, ControllerRevision
/// names, `controller-revision-hash`).
///
/// Upstream computes controller.ComputeHash as FNV-32a over a go-spew deep print of the pod
/// template followed by the collision count, and history.HashControllerRevision as FNV-1 (32 bit)
/// over the revision's raw JSON data. The 32-bit sum is printed in decimal and every digit is
/// mapped through rand.SafeEncodeString's alphabet, so digits 0…9 become 4,5,6,7,8,9,b,c,d,f.
/// Here the template is serialised as compact JSON with sorted keys instead of the spew print,
/// so a hash has the real shape (8–10 characters of {4-9,b,c,d,f}) and is stable for a template,
/// but is not byte-equal to the one Go would compute for the same template.
public enum PodTemplateHash {
    /// FNV-32a over the canonical template and the collision count: the pod-template-hash.
    public static func templateHash(_ template: JSONValue, collisionCount: Int64? = nil) -> String {
        var bytes = canonicalBytes(template)
        if let collisionCount {
            // Go writes the count as 4 little-endian bytes after the template.
            let c = UInt32(truncatingIfNeeded: collisionCount)
            bytes += [UInt8(c & 0xff), UInt8(c >> 8 & 0xff), UInt8(c >> 16 & 0xff), UInt8(c >> 24)]
        }
        return safeEncode(fnv32a(bytes))
    }

    /// FNV-1 over a ControllerRevision's data, then the decimal collision count when there is one.
    public static func revisionHash(_ data: JSONValue, collisionCount: Int64? = nil) -> String {
        var bytes: [UInt8] = []
        JSONWriter.compact(data, into: &bytes)
        if let collisionCount { bytes += Array(String(collisionCount).utf8) }
        return safeEncode(fnv32(bytes))
    }

    public static func fnv32a(_ bytes: [UInt8]) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for b in bytes {
            h ^= UInt32(b)
            h = h &* 16_777_619
        }
        return h
    }

    public static func fnv32(_ bytes: [UInt8]) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for b in bytes {
            h = h &* 16_777_619
            h ^= UInt32(b)
        }
        return h
    }

    /// rand.SafeEncodeString of the decimal form: each character c becomes alphabet[c % 27].
    public static func safeEncode(_ value: UInt32) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789".utf8)
        let mapped = String(value).utf8.map { alphabet[Int($0) % alphabet.count] }
        return String(decoding: mapped, as: UTF8.self)
    }

    /// Compact JSON with object keys sorted at every level: one byte string per template
    /// whatever order its fields were written in.
    static func canonicalBytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        JSONWriter.compact(sortedKeys(value), into: &out)
        return out
    }

    private static func sortedKeys(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.sorted { $0.key < $1.key }.map { JSONMember($0.key, sortedKeys($0.value)) })
        case .array(let items):
            return .array(items.map(sortedKeys))
        default:
            return value
        }
    }
}
