import GoJSON

extension YAMLEmitter {
    /// A JSON number as go-yaml prints it after reading the JSON text: an int64 or uint64 when
    /// the text is an integer in range, else a float64 in Go's 'g' form; text Go cannot read as
    /// a finite float (e.g. `1e400`) stays a string, which go-yaml prints as-is.
    public mutating func jsonNumber(_ text: UnsafeBufferPointer<UInt8>) {
        switch resolvePlainScalar(text) {
        case .int(let i): int(i)
        case .uint(let u): uint(u)
        case .float(let f): float(f)
        default: string(text)
        }
    }

    public mutating func jsonNumber(_ text: String) {
        var text = text
        text.withUTF8 { jsonNumber($0) }
    }

    /// Writes `value` as `sigs.k8s.io/yaml.JSONToYAML` would print its JSON text: objects become
    /// mappings with keys in go-yaml order (a repeated key keeps its last value), empty
    /// collections print as `{}` / `[]`. Call `endDocument()` afterwards.
    public mutating func emit(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let b): bool(b)
        case .number(let text): jsonNumber(text)
        case .string(let s): string(s)
        case .array(let items):
            if items.isEmpty {
                emptySequence()
                return
            }
            beginSequence()
            for item in items { emit(item) }
            endSequence()
        case .object(let members):
            if members.isEmpty {
                emptyMapping()
                return
            }
            beginMapping()
            for index in goYAMLMemberOrder(members) {
                key(members[index].key)
                emit(members[index].value)
            }
            endMapping()
        }
    }

    /// The YAML document for `value`, ending with a newline.
    public static func yaml(from value: JSONValue) -> [UInt8] {
        var emitter = YAMLEmitter()
        emitter.emit(value)
        emitter.endDocument()
        return emitter.output
    }
}

/// Indices of the members to print, in go-yaml key order, keeping only the last of duplicates.
func goYAMLMemberOrder(_ members: [JSONMember]) -> [Int] {
    var order: [Int]
    if members.count <= 16 {
        // Small objects (nearly all of them): a quadratic duplicate check beats hashing.
        order = []
        order.reserveCapacity(members.count)
        for i in members.indices {
            var repeatedLater = false
            for j in (i + 1)..<members.count where members[j].key == members[i].key {
                repeatedLater = true
                break
            }
            if !repeatedLater { order.append(i) }
        }
    } else {
        var lastIndex: [String: Int] = [:]
        lastIndex.reserveCapacity(members.count)
        for (i, m) in members.enumerated() { lastIndex[m.key] = i }
        order = lastIndex.count == members.count ? Array(members.indices) : lastIndex.values.sorted()
    }
    order.sort { goYAMLKeyLess(members[$0].key, members[$1].key) }
    return order
}
