import EtcdModel

/// Follows a snapshot stream and tells whether it ended where etcd ends it: the data chunks
/// count `remainingBytes` down to 0, then one more message carries the 32-byte SHA-256. A
/// stream that stops anywhere else was cut off.
struct SnapshotStreamCheck: Sendable {
    private(set) var bytes: Int64 = 0
    private(set) var sawLastDataChunk = false
    private(set) var sawTrailer = false

    enum Part { case data, trailer }

    mutating func observe(_ m: SnapshotResponse) throws(EtcdError) -> Part {
        if sawTrailer { throw EtcdError(.other, "snapshot stream continued after its checksum") }
        bytes += Int64(m.blob.count)
        if sawLastDataChunk {
            guard m.blob.count == 32 else {
                throw EtcdError(.other, "snapshot checksum message has \(m.blob.count) bytes, expected 32")
            }
            sawTrailer = true
            return .trailer
        }
        if m.remainingBytes == 0 { sawLastDataChunk = true }
        return .data
    }

    func finish(endpoint: String) throws(EtcdError) {
        guard sawTrailer else {
            throw EtcdError(.unavailable, "snapshot stream from \(endpoint) ended early after \(bytes) bytes")
        }
    }
}
