import EngineStore
import Foundation

/// Measures the fixture engine's store: puts per second in txns of 1 and of 100, a range over
/// the whole prefix, and how fast the store is written out as an etcd db file.
/// Arguments: `--keys N` (default 100000), `--value-size BYTES` (default 2048), `--out PATH`
/// (where the db file goes; default a temporary file, removed afterwards).
func runEngineStoreBench(arguments: [String]) throws {
    var keys = 100_000, valueSize = 2048
    var outPath: String?
    var i = 0
    while i < arguments.count {
        let next = i + 1 < arguments.count ? arguments[i + 1] : ""
        switch arguments[i] {
        case "--keys": keys = Int(next) ?? keys; i += 1
        case "--value-size": valueSize = Int(next) ?? valueSize; i += 1
        case "--out": outPath = next; i += 1
        default: break
        }
        i += 1
    }
    let workload = EngineWorkload(keys: keys, valueSize: valueSize)
    print("engine store: \(keys) keys under /registry/pods/<ns>/<name>, values of \(valueSize) bytes")

    let single = EmbeddedStore()
    let t1 = try measure {
        for (key, value) in zip(workload.keys, workload.values) { _ = try single.put(key, value) }
    }
    report("put, 1 per txn", count: keys, unit: "puts", seconds: t1)

    let batched = EmbeddedStore()
    let t100 = try measure {
        var ops: [KVOp] = []
        ops.reserveCapacity(100)
        for (key, value) in zip(workload.keys, workload.values) {
            ops.append(.put(KVPutRequest(key: key, value: value)))
            if ops.count == 100 {
                _ = try batched.txn(KVTxnRequest(success: ops))
                ops.removeAll(keepingCapacity: true)
            }
        }
        if !ops.isEmpty { _ = try batched.txn(KVTxnRequest(success: ops)) }
    }
    report("put, 100 per txn", count: keys, unit: "puts", seconds: t100)

    let update = try measure {
        for (key, value) in zip(workload.keys, workload.values) { _ = try single.put(key, value) }
    }
    report("update existing, 1 per txn", count: keys, unit: "puts", seconds: update)

    var listed = 0
    let tRange = try measure {
        listed = try single.range(.prefix(Array("/registry/pods/".utf8))).kvs.count
    }
    report("range whole prefix (\(listed) keys)", count: 1, unit: "ranges", seconds: tRange)

    var image: [UInt8] = []
    let tImage = try measure { image = try single.databaseImage() }
    let megabytes = Double(image.count) / 1_000_000
    reportBytes("db image (in memory)", megabytes: megabytes, seconds: tImage)

    let path = outPath ?? FileManager.default.temporaryDirectory.appendingPathComponent("engine-bench-\(getpid()).db").path
    let tPlain = try measure { try single.writeDatabase(to: path, asSnapshot: false) }
    reportBytes("db file (image, fsync)", megabytes: megabytes, seconds: tPlain)
    let tFile = try measure { try single.writeDatabase(to: path, asSnapshot: true) }
    reportBytes("db file (image, sha256, fsync)", megabytes: megabytes, seconds: tFile)

    let tLoad = try measure { _ = try EmbeddedStore.load(from: path) }
    reportBytes("load db file back", megabytes: megabytes, seconds: tLoad)
    if outPath == nil { try? FileManager.default.removeItem(atPath: path) }
}

/// Pre-built keys and Kubernetes-like values, so the timings measure the store, not the generator.
private struct EngineWorkload {
    let keys: [[UInt8]]
    let values: [[UInt8]]

    init(keys count: Int, valueSize: Int) {
        var keys: [[UInt8]] = [], values: [[UInt8]] = []
        keys.reserveCapacity(count)
        values.reserveCapacity(count)
        // A protobuf-looking body: the k8s magic, a TypeMeta, then filler that varies per object.
        let head: [UInt8] = Array("k8s\0".utf8) + [0x0a, 0x0b, 0x0a, 0x02] + Array("v1".utf8) + [0x12, 0x03] + Array("Pod".utf8)
        for i in 0..<count {
            let namespace = "ns-\(i % 50)"
            let name = "pod-\(String(i, radix: 36))-\(i &* 2_654_435_761 % 100_000)"
            keys.append(Array("/registry/pods/\(namespace)/\(name)".utf8))
            var value = head + Array(name.utf8) + Array(namespace.utf8)
            var x = UInt32(truncatingIfNeeded: i) &* 2_246_822_519 &+ 1
            while value.count < valueSize {
                x ^= x << 13; x ^= x >> 17; x ^= x << 5
                value.append(0x20 + UInt8(x % 90))
            }
            values.append(value)
        }
        self.keys = keys
        self.values = values
    }
}

/// Wall-clock seconds of `body`; also prints the process CPU seconds it used, which is the
/// steadier figure on a shared machine.
func measure(_ body: () throws -> Void) throws -> Double {
    let cpuStart = benchCPUSeconds()
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    lastCPUSeconds = benchCPUSeconds() - cpuStart
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

nonisolated(unsafe) var lastCPUSeconds = 0.0


func report(_ what: String, count: Int, unit: String, seconds: Double) {
    print(String(format: "  %-34@ %8d %@ in %.3f s = %.0f %@/s (CPU %.3f s = %.0f/s)", what as NSString, count,
                 unit as NSString, seconds, Double(count) / seconds, unit as NSString, lastCPUSeconds,
                 Double(count) / lastCPUSeconds))
}

func reportBytes(_ what: String, megabytes: Double, seconds: Double) {
    print(String(format: "  %-34@ %8.1f MB in %.3f s = %.0f MB/s (CPU %.3f s = %.0f MB/s)", what as NSString, megabytes,
                 seconds, megabytes / seconds, lastCPUSeconds, megabytes / lastCPUSeconds))
}
