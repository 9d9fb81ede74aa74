import EtcdModel
import Foundation
import GoJSON
import KubeCodec
import KubeSchema
import ProtoWire

/// `strata-bench codec [--objects N] [--fixtures DIR]`: decodes a `-w protobuf` RangeResponse of
/// N stored objects (the upstream fixtures, cycled) to JSON and YAML, and encodes JSON back.
/// Reports MB/s of stored bytes and objects/s on one core (CPU time), and peak memory.
func runCodecBench(arguments: [String]) throws {
    var objects = 20_000
    var fixtures = defaultFixtureDirectory()
    var rounds = 3
    var only: String?
    var i = 0
    while i < arguments.count {
        switch arguments[i] {
        case "--objects": i += 1; objects = Int(arguments[i]) ?? objects
        case "--fixtures": i += 1; fixtures = arguments[i]
        case "--rounds": i += 1; rounds = Int(arguments[i]) ?? rounds
        case "--only": i += 1; only = arguments[i]
        default: throw BenchError("unknown option \(arguments[i])")
        }
        i += 1
    }
    let names = try FileManager.default.contentsOfDirectory(atPath: fixtures).filter { $0.hasSuffix(".pb") }.sorted()
    guard !names.isEmpty else { throw BenchError("no .pb fixtures in \(fixtures)") }
    let values = try names.map { Array(try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + $0))) }
    let jsons = try names.map { try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + $0.dropLast(3) + ".json")))) }

    // One RangeResponse as `etcdctl get --prefix -w protobuf` would print it.
    var response = RangeResponse(header: ResponseHeader(clusterID: 0xDEAD_BEEF_0123_4567, memberID: 1, revision: Int64(objects + 1), raftTerm: 2))
    var storedBytes = 0
    for n in 0..<objects {
        let v = values[n % values.count]
        storedBytes += v.count
        response.kvs.append(KeyValue(key: Array("/registry/bench/obj-\(n)".utf8), createRevision: Int64(n + 2), modRevision: Int64(n + 2), version: 1, value: v))
    }
    response.count = Int64(objects)
    let stream = response.serialized()
    response.kvs = []
    print("codec: \(objects) objects from \(values.count) fixtures, \(mb(storedBytes)) MB stored values, \(mb(stream.count)) MB RangeResponse")

    let decoder = KubeDecoder()
    for (label, format) in [("json", ValueRenderer.Format.json), ("jsonl", .jsonl), ("yaml", .yaml)] where only == nil || only == label {
        var best = Double.infinity
        var outBytes = 0
        for _ in 0..<rounds {
            outBytes = 0
            let start = benchCPUSeconds()
            try stream.withUnsafeBytes { raw in
                var r = WireReader(raw)
                while let (field, wire) = try r.readTag() {
                    guard field == 2, wire == .lengthDelimited else { try r.skip(wire); continue }
                    var kv = r.sub(try r.readLengthDelimited())
                    while let (f, w) = try kv.readTag() {
                        guard f == 5, w == .lengthDelimited else { try kv.skip(w); continue }
                        let valueRange = try kv.readLengthDelimited()
                        let value = UnsafeRawBufferPointer(rebasing: raw[valueRange])
                        switch format {
                        case .yaml: outBytes += try decoder.protobufToYAML(value).yaml.count
                        default: outBytes += try decoder.protobufToJSON(value, pretty: format == .json).json.count
                        }
                    }
                }
            }
            best = min(best, benchCPUSeconds() - start)
        }
        report("decode → " + label, storedBytes, objects, best, extra: "output \(mb(outBytes)) MB")
    }

    let encoder = KubeEncoder()
    if only != nil && only != "encode" { return }
    var best = Double.infinity
    for _ in 0..<rounds {
        let start = benchCPUSeconds()
        var total = 0
        for n in 0..<objects {
            let v = jsons[n % jsons.count]
            let hint: KindKey? = names[n % names.count] == "core.v1.WatchEvent.pb" ? KindKey(apiVersion: "v1", kind: "WatchEvent") : nil
            total += try encoder.encodeStored(v, schemaType: hint).count
        }
        best = min(best, benchCPUSeconds() - start)
        precondition(total == storedBytes, "encoded bytes differ from the fixtures")
    }
    report("encode JSON value → stored protobuf", storedBytes, objects, best, extra: "byte-identical to the fixtures")
    let peak = benchPeakRSSMegabytes()
    print(String(format: "peak RSS %.1f MB (the %.1f MB stream and %d parsed JSON fixtures are held in memory)", peak, mb(stream.count), jsons.count))
}

func report(_ label: String, _ bytes: Int, _ objects: Int, _ seconds: Double, extra: String = "") {
    let name = label.padding(toLength: 40, withPad: " ", startingAt: 0)
    print(name + String(format: " %8.1f MB/s %10.0f objects/s  (%.3f s CPU) ", Double(bytes) / 1e6 / seconds, Double(objects) / seconds, seconds) + extra)
}

func mb(_ bytes: Int) -> Double { Double(bytes) / 1e6 }

func defaultFixtureDirectory() -> String {
    if let env = ProcessInfo.processInfo.environment["STRATA_SHARED"] { return env + "/fixtures/kubernetes-api/HEAD" }
    return FileManager.default.currentDirectoryPath + "/../shared/fixtures/kubernetes-api/HEAD"
}
