import EtcdModel

/// One line of `index.jsonl`: what was exported where, with its revisions.
struct ExportIndexLine {
    let kv: KeyValue
    let path: String
    let apiVersion: String?
    let kind: String?

    var json: String {
        var s = "{\"key\":" + Self.quote(String(decoding: kv.key, as: UTF8.self))
        s += ",\"path\":" + Self.quote(path)
        s += ",\"create_revision\":\(kv.createRevision),\"mod_revision\":\(kv.modRevision)"
        s += ",\"version\":\(kv.version),\"lease\":\(kv.lease)"
        if let apiVersion { s += ",\"apiVersion\":" + Self.quote(apiVersion) }
        if let kind { s += ",\"kind\":" + Self.quote(kind) }
        s += ",\"size\":\(kv.value.count)}\n"
        return s
    }

    /// A JSON string literal (keys may hold any bytes; invalid UTF-8 was already replaced).
    static func quote(_ text: String) -> String {
        var out = "\""
        for u in text.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
