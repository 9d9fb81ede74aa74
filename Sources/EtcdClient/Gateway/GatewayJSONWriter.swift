import GoJSON

/// Writes gateway request bodies: proto field names, int64 as JSON strings, bytes as base64.
struct GatewayJSONWriter {
    private(set) var out: [UInt8] = []
    private var first = true

    init() {}

    mutating func object(_ body: (inout GatewayJSONWriter) -> Void) {
        out.append(UInt8(ascii: "{"))
        first = true
        body(&self)
        out.append(UInt8(ascii: "}"))
        first = false
    }

    private mutating func key(_ name: String) {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        appendString(name)
        out.append(UInt8(ascii: ":"))
    }

    mutating func appendString(_ s: String) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    mutating func bytes(_ name: String, _ value: [UInt8], always: Bool = false) {
        guard always || !value.isEmpty else { return }
        key(name)
        out.append(UInt8(ascii: "\""))
        Base64.encode(value, into: &out)
        out.append(UInt8(ascii: "\""))
    }

    mutating func int64(_ name: String, _ value: Int64, always: Bool = false) {
        guard always || value != 0 else { return }
        key(name)
        appendString(String(value))
    }

    mutating func bool(_ name: String, _ value: Bool) {
        guard value else { return }
        key(name)
        out.append(contentsOf: "true".utf8)
    }

    mutating func string(_ name: String, _ value: String) {
        guard !value.isEmpty else { return }
        key(name)
        appendString(value)
    }

    /// Enum fields by name, as the gateway prints them (it accepts numbers too).
    mutating func enumName(_ name: String, _ value: String) {
        key(name)
        appendString(value)
    }

    mutating func message<M: GatewayEncodable>(_ name: String, _ value: M) {
        key(name)
        value.writeGatewayJSON(&self)
    }

    mutating func array<M: GatewayEncodable>(_ name: String, _ values: [M]) {
        guard !values.isEmpty else { return }
        key(name)
        out.append(UInt8(ascii: "["))
        for (n, v) in values.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            v.writeGatewayJSON(&self)
        }
        out.append(UInt8(ascii: "]"))
        first = false
    }
}

/// A message the gateway accepts as a JSON body.
protocol GatewayEncodable {
    /// Writes the message as one JSON object.
    func writeGatewayJSON(_ w: inout GatewayJSONWriter)
}

/// A message read from a gateway JSON object.
protocol GatewayDecodable {
    init(gatewayJSON: GatewayJSON) throws(EtcdError)
}

extension GatewayEncodable {
    var gatewayBody: [UInt8] {
        var w = GatewayJSONWriter()
        writeGatewayJSON(&w)
        return w.out
    }
}
