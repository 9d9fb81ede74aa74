/// Where `strata export` puts a key: `<resource>/<namespace>/<name>.yaml` for namespaced objects,
/// `<resource>/<name>.yaml` for cluster-scoped ones, `<resource>.<group>/...` for API groups,
/// `_other/<path>` for keys outside the prefix, and `.raw` instead of `.yaml` (or the extension of
/// the chosen format) for values that are not Kubernetes objects. Every path segment is percent-encoded so that no key can climb out
/// of the export directory or collide with another key.
public enum ExportLayout {
    public static func relativePath(for key: [UInt8], isObject: Bool, etcdPrefix: String = "/registry",
                                    objectExtension: String = "yaml") -> String {
        let prefix = Array((etcdPrefix.hasSuffix("/") ? etcdPrefix : etcdPrefix + "/").utf8)
        var segments: [ArraySlice<UInt8>]
        if key.starts(with: prefix) {
            segments = key[prefix.count...].split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            if segments.count >= 3, segments[0].contains(UInt8(ascii: ".")) {
                // /registry/<group>/<resource>/...: name the directory <resource>.<group> as kubectl does.
                let merged = segments[1] + [UInt8(ascii: ".")] + segments[0]
                segments = [merged[...]] + segments[2...]
            }
        } else {
            segments = [Array("_other".utf8)[...]] + key.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
                .drop { $0.isEmpty && key.first == UInt8(ascii: "/") }
        }
        if segments.count == 1 { segments.append(Array("_".utf8)[...]) }
        var parts = segments.map { encode($0) }
        parts[parts.count - 1] += isObject ? "." + objectExtension : ".raw"
        return parts.joined(separator: "/")
    }

    /// Percent-encodes bytes that are unsafe in a file name; `.` and `..` and the empty segment
    /// are encoded too. Very long segments are shortened with a checksum to stay under NAME_MAX.
    static func encode(_ segment: ArraySlice<UInt8>) -> String {
        if segment.isEmpty { return "%" }
        var out = ""
        let hex = Array("0123456789ABCDEF".utf8)
        let allDots = segment.allSatisfy { $0 == UInt8(ascii: ".") } && segment.count <= 2
        for b in segment {
            let safe = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || (b == UInt8(ascii: ".") && !allDots)
                || b == UInt8(ascii: ":") || b == UInt8(ascii: "@") || b == UInt8(ascii: "+") || b == UInt8(ascii: "=")
            if safe {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += "%" + String(decoding: [hex[Int(b >> 4)], hex[Int(b & 15)]], as: UTF8.self)
            }
        }
        if out.utf8.count > 200 {
            var crc: UInt32 = 0xFFFF_FFFF
            for b in segment {
                crc ^= UInt32(b)
                for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            out = String(out.utf8.prefix(180))! + "~" + String(~crc, radix: 16)
        }
        return out
    }
}
