import Crypto

extension BootstrapObjects {
    /// The name of kube-apiserver's identity Lease in kube-system: `apiserver-` and the lowercase,
    /// unpadded base32 of the first 16 bytes of SHA-256 over the hostname and "kube-apiserver",
    /// each preceded by its length as a big-endian uint16.
    public static func identityLeaseName(hostname: String) -> String {
        var input: [UInt8] = []
        for part in [hostname, "kube-apiserver"] {
            let bytes = Array(part.utf8)
            let length = UInt16(truncatingIfNeeded: bytes.count)
            input += [UInt8(length >> 8), UInt8(length & 0xff)]
            input += bytes
        }
        let digest = Array(SHA256.hash(data: input))
        return "apiserver-" + base32LowerNoPadding(digest[0..<16])
    }

    static func base32LowerNoPadding(_ bytes: ArraySlice<UInt8>) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int((buffer >> UInt32(bits)) & 31)])
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
