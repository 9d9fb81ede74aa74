import EtcdModel

/// `etcdctl get --print-value-only`: each value followed by a newline, no keys.
struct ValueFormDecoder {
    private var framing = ValueFraming(follower: .anyValue)

    mutating func next(_ input: ChunkedInput) throws -> KeyValue? {
        while input.available == 0 {
            if input.isEOF { return nil }
            try input.readMore()
        }
        framing.reset()
        while true {
            let atEOF = input.isEOF
            let result = input.withAvailable { framing.frame($0, atEOF: atEOF) }
            switch result {
            case .needMore:
                try input.readMoreDoubling()
            case .value(let length, let next):
                let value = input.withAvailable { Array($0[0..<length]) }
                input.consume(next)
                return KeyValue(key: [], value: value)
            }
        }
    }
}

/// A bare value: all of the input, byte for byte.
struct RawFormDecoder {
    private var done = false

    mutating func next(_ input: ChunkedInput) throws -> KeyValue? {
        if done { return nil }
        done = true
        try input.readToEnd()
        let value = input.withAvailable { Array($0) }
        input.consume(value.count)
        return KeyValue(key: [], value: value)
    }
}
