/// The service ClusterIP and NodePort allocators' state: which offsets of the range are taken.
/// Offsets count from the first usable address (network address + 1), as in the apiserver's
/// bitmap allocator, whose bitmap is stored in /registry/ranges/serviceips (≤ 1.33).
struct ServiceAllocator: Sendable {
    let cidr: String
    let base: UInt32
    /// Usable addresses (the network and broadcast addresses excluded).
    let size: Int
    var usedIPs: Set<Int> = []
    let nodePorts: ClosedRange<Int>
    var usedPorts: Set<Int> = []

    init?(cidr: String, nodePorts: ClosedRange<Int>) {
        let parts = cidr.split(separator: "/")
        guard parts.count == 2, let bits = Int(parts[1]), (1...30).contains(bits), let address = IPv4.parse(String(parts[0])) else {
            return nil
        }
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - UInt32(bits))
        self.cidr = cidr
        self.base = address & mask
        self.size = (1 << (32 - bits)) - 2
        self.nodePorts = nodePorts
    }

    /// The lower band reserved for static (user-chosen) IPs since Kubernetes 1.27.
    var staticBand: Int { min(max(16, size / 16), 256) }

    func address(ofOffset offset: Int) -> String { IPv4.format(base &+ UInt32(offset + 1)) }

    func offset(of ip: String) -> Int? {
        guard let a = IPv4.parse(ip), a > base else { return nil }
        let o = Int(a - base) - 1
        return o < size ? o : nil
    }

    /// A random free offset, from the dynamic band first.
    mutating func allocateDynamic(using random: inout some RandomNumberGenerator) -> Int? {
        for band in [staticBand..<size, 0..<staticBand] where !band.isEmpty {
            let start = Int.random(in: band, using: &random)
            for i in 0..<band.count {
                let candidate = band.lowerBound + (start - band.lowerBound + i) % band.count
                if !usedIPs.contains(candidate) {
                    usedIPs.insert(candidate)
                    return candidate
                }
            }
        }
        return nil
    }

    mutating func allocatePort(using random: inout some RandomNumberGenerator) -> Int? {
        let start = Int.random(in: nodePorts, using: &random)
        for i in 0..<nodePorts.count {
            let p = nodePorts.lowerBound + (start - nodePorts.lowerBound + i) % nodePorts.count
            if !usedPorts.contains(p) {
                usedPorts.insert(p)
                return p
            }
        }
        return nil
    }

    /// big.Int bytes of the bitmap (bit i = offset i), big-endian without leading zeros.
    static func bitmap(_ used: Set<Int>) -> [UInt8] {
        guard let top = used.max() else { return [] }
        var bytes = [UInt8](repeating: 0, count: top / 8 + 1)
        for o in used { bytes[bytes.count - 1 - o / 8] |= UInt8(1 << (o % 8)) }
        return bytes
    }
}

enum IPv4 {
    static func parse(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts {
            guard let n = UInt32(p), n < 256, p.count <= 3 else { return nil }
            v = v << 8 | n
        }
        return v
    }

    static func format(_ v: UInt32) -> String {
        "\(v >> 24).\(v >> 16 & 255).\(v >> 8 & 255).\(v & 255)"
    }
}
