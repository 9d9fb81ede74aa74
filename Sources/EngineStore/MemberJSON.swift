/// The JSON etcd keeps for a member in its `members` bucket:
/// {"id":<decimal>,"peerURLs":[...],"name":"...","clientURLs":[...]}.
enum MemberJSON {
    static func encode(id: UInt64, name: String, peerURLs: [String], clientURLs: [String]) -> [UInt8] {
        var out = "{\"id\":\(id),\"peerURLs\":" + list(peerURLs)
        if !name.isEmpty { out += ",\"name\":" + quoted(name) }
        if !clientURLs.isEmpty { out += ",\"clientURLs\":" + list(clientURLs) }
        out += "}"
        return Array(out.utf8)
    }

    private static func list(_ items: [String]) -> String { "[" + items.map(quoted).joined(separator: ",") + "]" }

    private static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "<", ">", "&": out += String(format16: scalar.value) // Go's encoding/json escapes these
            default:
                if scalar.value < 0x20 { out += String(format16: scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

private extension String {
    init(format16 value: UInt32) {
        let hex = String(value, radix: 16)
        let padding = String(repeating: "0", count: Swift.max(0, 4 - hex.count))
        self = "\\u" + padding + hex
    }
}
