import EngineKit
import GoJSON

/// The cluster CA certificate the engine publishes (kube-root-ca.crt, cluster-info,
/// extension-apiserver-authentication). Nothing verifies it inside a fixture, so it is a
/// PEM-framed block of seeded bytes of a real CA certificate's size, not a signed certificate.
enum FixtureCertificate {
    static func caPEM(seed: UInt64) -> String {
        var random = EngineRandom(seed: seed ^ 0x6361_5f70_656d)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1066)
        while bytes.count < 1066 {
            let word = random.next()
            for i in 0..<8 where bytes.count < 1066 { bytes.append(UInt8(truncatingIfNeeded: word >> (8 * UInt64(i)))) }
        }
        let body = Base64.encode(bytes)
        var lines: [Substring] = []
        var rest = Substring(body)
        while !rest.isEmpty {
            lines.append(rest.prefix(64))
            rest = rest.dropFirst(64)
        }
        return "-----BEGIN CERTIFICATE-----\n" + lines.joined(separator: "\n") + "\n-----END CERTIFICATE-----\n"
    }
}
