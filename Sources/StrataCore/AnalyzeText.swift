import Foundation

/// The human-readable form of an analyze report (`-o json` uses the Encodable form instead).
public enum AnalyzeText {
    public static func render(_ r: AnalyzeReport) -> String {
        var out = "Source: \(r.source)\n"
        out += "Revision: \(r.revision)"
        if let c = r.compactRevision { out += "   compacted at: \(c == 0 ? "never" : String(c))" }
        if r.compactionInterrupted == true { out += " (interrupted: etcd finishes it on start)" }
        out += "\n"
        out += "Live keys: \(r.liveKeys)   live data: \(bytes(r.liveBytes))"
        if let db = r.databaseBytes {
            let share = db > 0 ? Double(r.liveBytes) / Double(db) * 100 : 0
            out += "   database: \(bytes(db)) (live data is \(String(format: "%.1f", share))%)"
        }
        out += "\n"
        if let revisions = r.revisions {
            out += "Stored revisions: \(revisions)   tombstones: \(r.tombstones ?? 0)   all revisions: \(bytes(r.allRevisionBytes ?? 0))"
            if let leases = r.leases { out += "   leases: \(leases)" }
            out += "\n"
        }
        out += "Encodings: " + r.encodings.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"

        out += "\nBy resource (key prefix):\n"
        out += row(["keys", "bytes", "revisions", "revision bytes", "prefix"])
        for g in r.groups {
            out += row([String(g.keys), bytes(g.bytes), g.revisions.map(String.init) ?? "-",
                        g.revisionBytes.map(bytes) ?? "-", g.group])
        }
        out += "\nBy apiVersion/kind:\n"
        out += row(["objects", "bytes", "apiVersion/kind"])
        for k in r.kinds { out += row([String(k.objects), bytes(k.bytes), "\(k.apiVersion)/\(k.kind)"]) }
        out += "\nLargest objects (latest revision):\n"
        out += row(["bytes", "mod rev", "key (apiVersion/kind)"])
        for o in r.largestObjects {
            let kind = o.kind.map { " (\(o.apiVersion ?? "")/\($0))" } ?? ""
            out += row([bytes(o.bytes), o.modRevision.map(String.init) ?? "-", o.key + kind])
        }
        if let histories = r.largestHistories {
            out += "\nLargest histories (all stored revisions):\n"
            out += row(["bytes", "revisions", "key"])
            for o in histories { out += row([bytes(o.bytes), String(o.revisions ?? 0), o.key]) }
        }
        return out
    }

    static func row(_ cells: [String]) -> String {
        var line = "  "
        for (i, c) in cells.enumerated() {
            if i == cells.count - 1 { line += c } else { line += String(repeating: " ", count: max(0, 12 - c.count)) + c + "  " }
        }
        return line + "\n"
    }

    static func bytes(_ n: Int) -> String {
        if n < 10_000 { return "\(n) B" }
        if n < 10_000_000 { return String(format: "%.1f kB", Double(n) / 1000) }
        return String(format: "%.1f MB", Double(n) / 1_000_000)
    }
}
