import Bolt
import Foundation

/// `strata snapshot status FILE`: what `etcdctl snapshot status` reports, read from the bbolt
/// file: the CRC-32C over every top-level bucket's name, keys and values; the newest revision in
/// the `key` bucket; the number of entries in all buckets; the database size (high-water page
/// count × page size).
public struct SnapshotStatus: Sendable, Equatable {
    public var hash: UInt32
    public var revision: Int64
    public var totalKey: Int
    public var totalSize: Int64

    public init(hash: UInt32, revision: Int64, totalKey: Int, totalSize: Int64) {
        self.hash = hash
        self.revision = revision
        self.totalKey = totalKey
        self.totalSize = totalSize
    }

    public static func read(path: String) throws -> SnapshotStatus {
        let db: BoltDatabase
        do {
            // etcdctl does not check the trailer for status; neither do we (restore does).
            db = try BoltDatabase(path: path, options: .init(trailer: .skip))
        } catch {
            throw CommandFailure("cannot read \(path) as an etcd snapshot: \(error)")
        }
        var crc = CRC32C()
        var revision: Int64 = 0
        var total = 0
        do {
            for name in try db.bucketNames() {
                guard let bucket = try db.bucket(name) else { continue }
                Array(name.utf8).withUnsafeBytes { crc.update($0) }
                let isKeyBucket = name == "key"
                try db.forEach(in: bucket) { element, _ in
                    crc.update(element.key)
                    // A nested bucket's value is its header, which bbolt's ForEach reports as nil.
                    if !element.isBucket { crc.update(element.value) }
                    if isKeyBucket && element.key.count >= 8 {
                        revision = Int64(bitPattern: element.key.loadUnaligned(as: UInt64.self).bigEndian)
                    }
                    total += 1
                    return true
                }
            }
        } catch {
            throw CommandFailure("\(path) is damaged: \(error)")
        }
        return SnapshotStatus(hash: crc.value, revision: revision, totalKey: total,
                              totalSize: Int64(db.meta.highWater) * Int64(db.pageSize))
    }

    /// `etcdctl snapshot status -w table`.
    public var table: String {
        // etcdctl formats the hash with %x: no leading zeros.
        let hashText = String(hash, radix: 16)
        let headers = ["HASH", "REVISION", "TOTAL KEYS", "TOTAL SIZE"]
        let cells = [hashText, String(revision), String(totalKey), Self.humanSize(totalSize)]
        let widths = zip(headers, cells).map { max($0.count, $1.count) }
        // Like etcdctl's tablewriter: headers centred, cells right-aligned.
        func row(_ values: [String], centred: Bool) -> String {
            "|" + zip(values, widths).map { v, w in
                let pad = w - v.count
                let left = centred ? pad / 2 : pad
                return " " + String(repeating: " ", count: left) + v + String(repeating: " ", count: pad - left) + " "
            }.joined(separator: "|") + "|\n"
        }
        let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+\n"
        return rule + row(headers, centred: true) + rule + row(cells, centred: false) + rule
    }

    /// `etcdctl snapshot status -w json`: hash as a decimal number, as Go prints a uint32.
    public var json: String {
        "{\"hash\":\(hash),\"revision\":\(revision),\"totalKey\":\(totalKey),\"totalSize\":\(totalSize)}\n"
    }

    /// `etcdctl snapshot status` (simple): comma-separated, hex hash.
    public var simple: String {
        "\(String(hash, radix: 16)), \(revision), \(totalKey), \(Self.humanSize(totalSize))\n"
    }

    /// go-humanize `Bytes` as etcdctl uses it: SI units, one decimal under 10, none above ("20 kB", "4.1 MB").
    static func humanSize(_ n: Int64) -> String {
        if n < 10 { return "\(n) B" }
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        let e = min(Int(floor(log(Double(n)) / log(1000.0))), units.count - 1)
        let value = Double(n) / pow(1000, Double(e))
        let rounded = (value * 10).rounded() / 10
        let text = rounded < 10 ? String(format: "%.1f", rounded) : String(format: "%.0f", rounded)
        return "\(text) \(units[e])"
    }
}
