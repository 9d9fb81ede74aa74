import Testing
@testable import ProtoWire

@Suite struct WireReaderTests {
    /// The varint encoding written independently of the reader (7 bits a byte, low first).
    static func encode(_ v: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        var x = v
        while x >= 0x80 {
            out.append(UInt8(x & 0x7F) | 0x80)
            x >>= 7
        }
        out.append(UInt8(x))
        return out
    }

    static func read(_ bytes: [UInt8]) -> Result<(UInt64, Int), WireError> {
        bytes.withUnsafeBytes { raw in
            var r = WireReader(raw)
            do throws(WireError) {
                let v = try r.readVarint()
                return .success((v, r.position))
            } catch {
                return .failure(error)
            }
        }
    }

    /// One-byte, two-byte (inline paths) and longer (outlined path) varints, alone in their
    /// buffer and followed by more bytes.
    @Test func varintsOfEveryLength() throws {
        var values: [UInt64] = [0, 1, 0x7F, 0x80, 0xFF, 0x3FFF, 0x4000, 0x1F_FFFF, 0x20_0000, UInt64(UInt32.max), UInt64.max]
        for shift in stride(from: 0, to: 64, by: 7) { values += [1 << UInt64(shift), (1 << UInt64(shift)) - 1] }
        for v in values {
            let bytes = Self.encode(v)
            for tail in [[], [0x01], [0x80, 0x01]] as [[UInt8]] {
                let got = try Self.read(bytes + tail).get()
                #expect(got.0 == v && got.1 == bytes.count, "value \(v) tail \(tail)")
            }
        }
    }

    @Test func truncatedAndOverlongVarintsAreErrors() throws {
        for bytes in [[0x80], [0xFF, 0xFF], [0x80, 0x80, 0x80]] as [[UInt8]] {
            guard case .failure(let e) = Self.read(bytes) else { Issue.record("\(bytes) read"); continue }
            #expect(e.reason == .truncated)
        }
        // Ten bytes whose last carries more than the 64th bit; and eleven bytes.
        for bytes in [[UInt8](repeating: 0xFF, count: 9) + [0x02], [UInt8](repeating: 0x80, count: 10) + [0x00]] {
            guard case .failure(let e) = Self.read(bytes) else { Issue.record("\(bytes) read"); continue }
            #expect(e.reason == .malformedVarint)
        }
        #expect(try Self.read([UInt8](repeating: 0xFF, count: 9) + [0x01]).get().0 == UInt64.max)
    }

    @Test func tagsRejectGroupsAndUnusedWireTypes() {
        for wire in 0..<8 {
            let bytes: [UInt8] = [UInt8(1 << 3 | wire), 0, 0, 0, 0, 0, 0, 0, 0]
            let accepted = bytes.withUnsafeBytes { raw -> Bool in
                var r = WireReader(raw)
                return (try? r.readTag()) != nil
            }
            #expect(accepted == [0, 1, 2, 5].contains(wire), "wire type \(wire)")
        }
    }

    @Test func fixedWidthValuesAreLittleEndian() {
        let bytes: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
        let (v64, v32, atEnd, overrun) = bytes.withUnsafeBytes { raw -> (UInt64?, UInt32?, Bool, Bool) in
            var r = WireReader(raw)
            let a = try? r.readFixed64()
            let b = try? r.readFixed32()
            let end = r.isAtEnd
            return (a, b, end, (try? r.readFixed32()) == nil)
        }
        #expect(v64 == 0x0807_0605_0403_0201)
        #expect(v32 == 0x0C0B_0A09)
        #expect(atEnd && overrun)
    }
}
