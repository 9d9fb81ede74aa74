import Testing
@testable import StrataCore

/// etcdctl's snapshot status formatting: `%x` hash (no zero padding) and go-humanize sizes.
/// Expected strings are etcdctl 3.4.23 output and go-humanize's documented examples.
struct SnapshotStatusFormatTests {
    @Test func tableMatchesEtcdctlForAHashWithALeadingZero() {
        let status = SnapshotStatus(hash: 0x0924_303F, revision: 301, totalKey: 304, totalSize: 438_272)
        #expect(status.table == """
            +---------+----------+------------+------------+
            |  HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |
            +---------+----------+------------+------------+
            | 924303f |      301 |        304 |     438 kB |
            +---------+----------+------------+------------+

            """)
        #expect(status.json == "{\"hash\":153366591,\"revision\":301,\"totalKey\":304,\"totalSize\":438272}\n")
    }

    @Test func humanSizes() {
        #expect(SnapshotStatus.humanSize(9) == "9 B")
        #expect(SnapshotStatus.humanSize(32_768) == "33 kB")
        #expect(SnapshotStatus.humanSize(82_854_982) == "83 MB")
        #expect(SnapshotStatus.humanSize(4_096) == "4.1 kB")
        #expect(SnapshotStatus.humanSize(41_213_952) == "41 MB")
    }

    @Test func crc32cCheckValue() {
        // The standard CRC-32C check value for "123456789".
        var crc = CRC32C()
        Array("123456789".utf8).withUnsafeBytes { crc.update($0) }
        #expect(crc.value == 0xE306_9283)
    }
}
