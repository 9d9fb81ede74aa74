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
}
