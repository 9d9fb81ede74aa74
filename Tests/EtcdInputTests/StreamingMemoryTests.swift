import EtcdModel
import Foundation
import Testing
@testable import EtcdInput

/// Large streams through a pipe: the reader must hold about one record, not the input.
@Suite struct StreamingMemoryTests {
    static let pod = try? [UInt8](Data(contentsOf: URL(fileURLWithPath: "/work/shared/fixtures/kubernetes-api/HEAD/core.v1.Pod.pb")))

    /// Writes `record(i)` for i in 0..<count into a pipe from another thread and reads it back.
    static func throughPipe(count: Int, form: EtcdInputForm, record: @escaping @Sendable (Int) -> [UInt8],
                            check: (Int, KeyValue) -> Bool) throws -> (records: Int, peak: Int, bytes: Int) {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        let writeEnd = fds[1]
        let writer = Thread {
            for i in 0..<count {
                let bytes = record(i)
                var written = 0
                while written < bytes.count {
                    let n = bytes.withUnsafeBytes { write(writeEnd, $0.baseAddress! + written, bytes.count - written) }
                    if n <= 0 { break }
                    written += n
                }
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(fds[0]) }
        var reader = try EtcdInputReader(fd: fds[0], form: form)
        var records = 0
        var mismatches = 0
        while let kv = try reader.next() {
            if !check(records, kv) { mismatches += 1 }
            records += 1
        }
        #expect(mismatches == 0)
        return (records, reader.peakBufferedBytes, count * record(0).count)
    }

    @Test func simpleStreamStaysFlat() throws {
        let pod = try #require(Self.pod)
        let count = 2_000
        let result = try Self.throughPipe(count: count, form: .simple, record: { i in
            Array("/registry/pods/default/pod-\(i % 10)\n".utf8) + pod + [0x0A]
        }, check: { i, kv in kv.value == pod && kv.keyString == "/registry/pods/default/pod-\(i % 10)" })
        #expect(result.records == count)
        #expect(result.bytes > 20_000_000)
        #expect(result.peak < 1 << 20, "peak buffer \(result.peak) bytes for a \(result.bytes)-byte stream")
    }

    @Test func jsonStreamStaysFlat() throws {
        let pod = try #require(Self.pod)
        let value = Data(pod).base64EncodedString()
        let count = 1_000
        let result = try Self.throughPipe(count: count, form: .json, record: { i in
            Array(#"{"header":{"cluster_id":14841639068965178418,"revision":\#(i + 1)},"kvs":[{"key":"L3JlZ2lzdHJ5L3g=","create_revision":\#(i + 1),"mod_revision":\#(i + 1),"version":1,"value":"\#(value)"}],"count":1}"#.utf8) + [0x0A]
        }, check: { i, kv in kv.value == pod && kv.modRevision == Int64(i + 1) })
        #expect(result.records == count)
        #expect(result.peak < 1 << 20, "peak buffer \(result.peak) bytes for a \(result.bytes)-byte stream")
    }

    /// Multi-megabyte values whose end must be searched for (a JSON document and an opaque value
    /// full of newlines), read in small chunks.
    @Test func largeValuesInSimpleForm() throws {
        // Random bytes, a tenth of them newlines, never '/' or 'c' (so no line can look like a key).
        var rng = SplitMix64(seed: 42)
        let opaque: [UInt8] = Array("k8s:enc:kms:v2:key:".utf8) + (0..<3_000_000).map { _ in
            let b = UInt8.random(in: 0...255, using: &rng)
            return b < 26 || b == UInt8(ascii: "/") || b == UInt8(ascii: "c") ? 0x0A : b
        }
        let items = (0..<200_000).map { "\"item-\($0)\"" }.joined(separator: ",")
        let json = Array("{\"kind\":\"List\",\"items\":[\(items)]}\n".utf8)
        var input: [UInt8] = []
        input += Array("/registry/big/json\n".utf8) + json + [0x0A]
        input += Array("/registry/big/opaque\n".utf8) + opaque + [0x0A]
        input += Array("compact_rev_key\n9\n".utf8)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("etcdinput-big-\(UUID().uuidString)").path
        try Data(input).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = try EtcdInputReader(path: path, chunkSize: 4096)
        let kvs = try reader.readAll()
        #expect(kvs.map(\.keyString) == ["/registry/big/json", "/registry/big/opaque", "compact_rev_key"])
        #expect(kvs.first?.value == json)
        #expect(kvs.dropFirst().first?.value == opaque)
        #expect(kvs.last?.value == Array("9".utf8))
    }
}

/// Deterministic generator for test data.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
