import EtcdModel

/// `etcdctl get` default output: `key\nvalue\n` per key; values are raw and may contain newlines,
/// so their ends are found by `ValueFraming`.
struct SimpleFormDecoder {
    private var framing: ValueFraming?

    mutating func next(_ input: ChunkedInput) throws -> KeyValue? {
        guard let key = try readKeyLine(input) else { return nil }
        var framing = self.framing ?? ValueFraming(follower: .keyLine(prefix: Self.keyPrefix(of: key)))
        framing.reset()
        defer { self.framing = framing }
        while true {
            let atEOF = input.isEOF
            let result = input.withAvailable { framing.frame($0, atEOF: atEOF) }
            switch result {
            case .needMore:
                try input.readMoreDoubling()
            case .value(let length, let next):
                let value = input.withAvailable { Array($0[0..<length]) }
                input.consume(next)
                return KeyValue(key: key, value: value)
            }
        }
    }

    private func readKeyLine(_ input: ChunkedInput) throws -> [UInt8]? {
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
                let key = input.withAvailable { Array($0[0..<newline]) }
                input.consume(newline + 1)
                return key
            }
            scanned = input.available
            if input.isEOF {
                if input.available == 0 { return nil }
                throw EtcdInputError(offset: input.offset, message: "key line without a value (truncated etcdctl output?)")
            }
            try input.readMore()
        }
    }

    /// The first path segment of the first key (`/registry/`), which every following key of a
    /// Kubernetes listing shares.
    static func keyPrefix(of key: [UInt8]) -> [UInt8] {
        guard key.first == UInt8(ascii: "/") else { return [UInt8(ascii: "/")] }
        if let second = key.dropFirst().firstIndex(of: UInt8(ascii: "/")) {
            return Array(key[...second])
        }
        return [UInt8(ascii: "/")]
    }
}
