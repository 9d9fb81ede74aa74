import EtcdModel

/// `etcdctl get -w fields`: one `"Name" : value` line per field; keys and values are Go-quoted
/// (`%q`), so every byte survives. A KeyValue's fields run from "Key" to "Lease".
struct FieldsFormDecoder {
    private var pending: KeyValue?

    mutating func next(_ input: ChunkedInput) throws -> KeyValue? {
        while true {
            guard let (lineOffset, name, value) = try readField(input) else {
                defer { pending = nil }
                return pending
            }
            switch name {
            case "Key":
                let previous = pending
                pending = KeyValue(key: try Self.quoted(value, lineOffset))
                if let previous { return previous }
            case "Value": try update(lineOffset) { $0.value = try Self.quoted(value, lineOffset) }
            case "CreateRevision": try update(lineOffset) { $0.createRevision = try Self.integer(value, lineOffset) }
            case "ModRevision": try update(lineOffset) { $0.modRevision = try Self.integer(value, lineOffset) }
            case "Version": try update(lineOffset) { $0.version = try Self.integer(value, lineOffset) }
            case "Lease":
                try update(lineOffset) { $0.lease = try Self.integer(value, lineOffset) }
                defer { pending = nil }
                return pending
            default:
                // Header fields, More, Count.
                break
            }
        }
    }

    private mutating func update(_ offset: Int, _ body: (inout KeyValue) throws -> Void) throws {
        guard var kv = pending else {
            throw EtcdInputError(offset: offset, message: "field before any \"Key\" line")
        }
        try body(&kv)
        pending = kv
    }

    private static func quoted(_ text: [UInt8], _ offset: Int) throws -> [UInt8] {
        guard let bytes = text.withUnsafeBufferPointer({ GoQuoted.unquote($0) }) else {
            throw EtcdInputError(offset: offset, message: "not a Go-quoted string")
        }
        return bytes
    }

    private static func integer(_ text: [UInt8], _ offset: Int) throws -> Int64 {
        guard let n = Int64(String(decoding: text, as: UTF8.self)) else {
            throw EtcdInputError(offset: offset, message: "not an integer")
        }
        return n
    }

    /// The next `"Name" : value` line as (offset, name, value text), nil at the end.
    private func readField(_ input: ChunkedInput) throws -> (Int, String, [UInt8])? {
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
            if newline == nil && !input.isEOF {
                scanned = input.available
                try input.readMore()
                continue
            }
            let lineEnd = newline ?? input.available
            if lineEnd == 0 && newline == nil { return nil }
            let offset = input.offset
            let line = input.withAvailable { Array($0[0..<lineEnd]) }
            input.consume(newline.map { $0 + 1 } ?? lineEnd)
            if line.isEmpty { continue }
            let separator = Array("\" : ".utf8)
            guard line.first == UInt8(ascii: "\""),
                  let close = line.dropFirst().firstIndex(of: UInt8(ascii: "\"")),
                  line[close...].starts(with: separator) else {
                throw EtcdInputError(offset: offset, message: "expected a `\"Name\" : value` line")
            }
            let name = String(decoding: line[1..<close], as: UTF8.self)
            return (offset, name, Array(line[(close + separator.count)...]))
        }
    }
}
