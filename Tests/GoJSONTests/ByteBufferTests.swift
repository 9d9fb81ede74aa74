import Testing
@testable import GoJSON

@Suite struct ByteBufferTests {
    /// Every copy length across the 1-3, 4-7, 8-16, 17-32 and memcpy branches, at odd offsets.
    @Test func copiesEveryLengthExactly() {
        let source = (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for n in 0...70 {
            var b = ByteBuffer(capacity: 1)
            defer { b.deallocate() }
            b.append(0xEE)
            source.withUnsafeBufferPointer { b.append(UnsafeBufferPointer(rebasing: $0[3..<(3 + n)])) }
            b.append(0xFF)
            #expect(b.bytes == [0xEE] + Array(source[3..<(3 + n)]) + [0xFF], "length \(n)")
        }
    }

    @Test func growsAcrossManyAppends() {
        var b = ByteBuffer(capacity: 0)
        defer { b.deallocate() }
        var expected: [UInt8] = []
        for i in 0..<5000 {
            let chunk = [UInt8](repeating: UInt8(truncatingIfNeeded: i), count: i % 41)
            chunk.withUnsafeBufferPointer { b.append($0) }
            expected += chunk
            b.append(repeating: 0x20, count: i % 3)
            expected += [UInt8](repeating: 0x20, count: i % 3)
        }
        #expect(b.count == expected.count)
        #expect(b.bytes == expected)
    }

    @Test func decimalMatchesStringConversion() {
        var values: [UInt64] = [0, 9, 10, 99, 100, 101, 999, 1000, UInt64.max, UInt64.max / 10, 10_000_000_000_000_000_000]
        var p: UInt64 = 1
        for _ in 0..<19 { p *= 10; values += [p - 1, p, p + 1] }
        for v in values {
            var b = ByteBuffer(capacity: 1)
            defer { b.deallocate() }
            b.appendDecimal(v)
            #expect(String(decoding: b.bytes, as: UTF8.self) == String(v))
        }
    }
}
