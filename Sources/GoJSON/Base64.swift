/// Standard base64 with padding: how Go's encoding/json writes `[]byte`, and how etcd's JSON
/// gateway and `etcdctl -w json` carry keys and values. One implementation for the whole tool.
public enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let reverse: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        return t
    }()

    public static func encode(_ data: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let table = alphabet
        let n = data.count
        out.reserveCapacity(out.count + (n + 2) / 3 * 4)
        var i = 0
        while i + 3 <= n {
            let v = UInt32(data[i]) << 16 | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2])
            out.append(table[Int(v >> 18 & 63)])
            out.append(table[Int(v >> 12 & 63)])
            out.append(table[Int(v >> 6 & 63)])
            out.append(table[Int(v & 63)])
            i += 3
        }
        if n - i == 1 {
            let v = UInt32(data[i]) << 16
            out.append(table[Int(v >> 18 & 63)])
            out.append(table[Int(v >> 12 & 63)])
            out.append(0x3D)
            out.append(0x3D)
        } else if n - i == 2 {
            let v = UInt32(data[i]) << 16 | UInt32(data[i + 1]) << 8
            out.append(table[Int(v >> 18 & 63)])
            out.append(table[Int(v >> 12 & 63)])
            out.append(table[Int(v >> 6 & 63)])
            out.append(0x3D)
        }
    }

    public static func encode<C: Collection>(_ data: C, into out: inout [UInt8]) where C.Element == UInt8 {
        let bytes = Array(data)
        bytes.withUnsafeBufferPointer { encode($0, into: &out) }
    }

    public static func encode<C: Collection>(_ data: C) -> String where C.Element == UInt8 {
        var out: [UInt8] = []
        encode(data, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        var s = text
        return s.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    /// Decodes; padding may be missing (etcd's gateway accepts that) and CR/LF are skipped (as
    /// Go's decoder skips them). nil for anything else that is not base64.
    public static func decode(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        var end = text.count
        while end > 0, text[end - 1] == UInt8(ascii: "=") || text[end - 1] == 0x0A || text[end - 1] == 0x0D { end -= 1 }
        var out: [UInt8] = []
        out.reserveCapacity(end * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        var symbols = 0
        for k in 0..<end {
            let c = text[k]
            if c == 0x0A || c == 0x0D { continue }
            let v = reverse[Int(c)]
            if v == 0xFF { return nil }
            acc = acc << 6 | UInt32(v)
            bits += 6
            symbols += 1
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
        let padding = text[end..<text.count].filter { $0 == UInt8(ascii: "=") }.count
        guard padding <= 2, symbols % 4 != 1 else { return nil }
        return out
    }
}
