import EtcdModel

/// `etcdctl get --hex`: a key line and a value line per key, every byte written as `\xHH`.
struct HexFormDecoder {
    mutating func next(_ input: ChunkedInput) throws -> KeyValue? {
        guard let key = try readLine(input) else { return nil }
        guard let value = try readLine(input) else {
            throw EtcdInputError(offset: input.offset, message: "hex key line without a value line")
        }
        return KeyValue(key: key, value: value)
    }

    private func readLine(_ input: ChunkedInput) throws -> [UInt8]? {
        var scanned = 0
        while true {
            let newline: Int? = input.withAvailable { bytes in
                var index = scanned
                while index < bytes.count {
                    if bytes[index] == 0x0A { return index }
                    index += 1
                }
                return nil
            }
            if let newline {
                let decoded = try input.withAvailable { try Self.unescape(UnsafeBufferPointer(rebasing: $0[0..<newline]), at: input.offset) }
                input.consume(newline + 1)
                return decoded
            }
            scanned = input.available
            if input.isEOF {
                if input.available == 0 { return nil }
                let decoded = try input.withAvailable { try Self.unescape($0, at: input.offset) }
                input.consume(input.available)
                return decoded
            }
            try input.readMore()
        }
    }

    static func unescape(_ line: UnsafeBufferPointer<UInt8>, at offset: Int) throws -> [UInt8] {
        guard line.count % 4 == 0 else {
            throw EtcdInputError(offset: offset, message: "hex line length \(line.count) is not a multiple of 4 (\\xHH per byte)")
        }
        var out: [UInt8] = []
        out.reserveCapacity(line.count / 4)
        var index = 0
        while index < line.count {
            guard line[index] == UInt8(ascii: "\\"), line[index + 1] == UInt8(ascii: "x"),
                  let high = hexValue(line[index + 2]), let low = hexValue(line[index + 3]) else {
                throw EtcdInputError(offset: offset + index, message: "expected a \\xHH escape")
            }
            out.append(high << 4 | low)
            index += 4
        }
        return out
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - 0x30
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - 0x61 + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - 0x41 + 10
        default: return nil
        }
    }
}
