import EtcdModel
import GoJSON

/// `etcdctl get -w json`: RangeResponse objects (one per line when several commands' outputs
/// are concatenated). Keys and values are base64; ids stay exact because numbers are kept as text.
struct JSONFormDecoder {
    private var pending: [KeyValue] = []
    private var pendingIndex = 0

    mutating func next(_ input: ChunkedInput) throws -> KeyValue? {
        while pendingIndex == pending.count {
            guard let response = try readResponse(input) else { return nil }
            pending = response
            pendingIndex = 0
        }
        defer { pendingIndex += 1 }
        return pending[pendingIndex]
    }

    private func readResponse(_ input: ChunkedInput) throws -> [KeyValue]? {
        while true {
            let whitespace = input.withAvailable { bytes in bytes.prefix(while: isJSONWhitespace).count }
            input.consume(whitespace)
            if input.available == 0 {
                if input.isEOF { return nil }
                try input.readMore()
                continue
            }
            let start = input.offset
            do {
                let (value, end) = try input.withAvailable { try JSONParser.parsePrefix(UnsafeRawBufferPointer($0), from: 0) }
                input.consume(end)
                return try Self.keyValues(of: value, at: start)
            } catch let error as JSONParseError {
                guard error.isTruncation, !input.isEOF else {
                    throw EtcdInputError(offset: start + error.offset, message: "bad etcdctl JSON: \(error.message)")
                }
                // Re-parsing is from the start of the response, so grow geometrically.
                try input.readMoreDoubling()
            }
        }
    }

    static func keyValues(of response: JSONValue, at offset: Int) throws -> [KeyValue] {
        guard case .object = response, response["header"] != nil || response["kvs"] != nil else {
            throw EtcdInputError(offset: offset, message: "JSON input is not an etcdctl RangeResponse (no \"header\" or \"kvs\")")
        }
        guard let kvs = response["kvs"] else { return [] }
        guard case .array(let items) = kvs else {
            throw EtcdInputError(offset: offset, message: "\"kvs\" is not an array")
        }
        return try items.map { item in
            guard case .object = item else { throw EtcdInputError(offset: offset, message: "a kvs entry is not an object") }
            return KeyValue(
                key: try bytes(item["key"], "key", offset),
                createRevision: try integer(item["create_revision"], "create_revision", offset),
                modRevision: try integer(item["mod_revision"], "mod_revision", offset),
                version: try integer(item["version"], "version", offset),
                value: try bytes(item["value"], "value", offset),
                lease: try integer(item["lease"], "lease", offset))
        }
    }

    private static func bytes(_ value: JSONValue?, _ name: String, _ offset: Int) throws -> [UInt8] {
        guard let value, value != .null else { return [] }
        guard case .string(let text) = value, let decoded = Base64.decode(text) else {
            throw EtcdInputError(offset: offset, message: "\"\(name)\" is not base64 text")
        }
        return decoded
    }

    /// int64 fields: numbers in etcdctl output, quoted strings in the gRPC gateway's JSON.
    private static func integer(_ value: JSONValue?, _ name: String, _ offset: Int) throws -> Int64 {
        switch value {
        case nil, .null?: return 0
        case .number(let text)?, .string(let text)?:
            guard let n = Int64(text) else { throw EtcdInputError(offset: offset, message: "\"\(name)\" is not an int64: \(text)") }
            return n
        default:
            throw EtcdInputError(offset: offset, message: "\"\(name)\" is not a number")
        }
    }
}
