/// One record of the `key` bucket seen during a scan. The buffers point into the mapped file (or
/// the salvage arena) and are valid only while the store is alive.
public struct RevisionEntry {
    public let revision: Revision
    public let isTombstone: Bool
    /// The raw bucket key (17 or 18 bytes), which HashKV hashes.
    public let bucketKey: UnsafeRawBufferPointer
    /// The serialized mvccpb.KeyValue.
    public let value: UnsafeRawBufferPointer
    /// The user key inside `value` (KeyValue field 1).
    public let userKey: UnsafeRawBufferPointer
}

/// Anything that yields the `key` bucket in revision order: the bbolt file or salvaged pages.
public protocol RevisionStream: AnyObject {
    /// Calls `body` for each record with main revision ≥ `fromMain`, in revision order, until it
    /// returns false.
    func forEachRevision(fromMain: Int64, _ body: (RevisionEntry) throws -> Bool) throws
}

/// Finds fields of a serialized KeyValue without decoding (or copying) the rest.
public enum KeyValueScan {
    /// Field 1, the user key.
    public static func userKey(in value: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        bytesField(1, in: value)
    }

    /// Field 5, the stored value; empty when absent (proto3 omits empty values).
    public static func storedValue(in value: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        bytesField(5, in: value) ?? UnsafeRawBufferPointer(rebasing: value[0..<0])
    }

    static func bytesField(_ wanted: UInt64, in value: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        var i = 0
        let n = value.count
        while i < n {
            guard let (tag, afterTag) = varint(value, i) else { return nil }
            i = afterTag
            let field = tag >> 3, wire = tag & 7
            switch wire {
            case 0:
                guard let (_, next) = varint(value, i) else { return nil }
                i = next
            case 2:
                guard let (len, next) = varint(value, i), len <= UInt64(n - next) else { return nil }
                let end = next + Int(len)
                if field == wanted { return UnsafeRawBufferPointer(rebasing: value[next..<end]) }
                i = end
            case 1:
                guard n - i >= 8 else { return nil }
                i += 8
            case 5:
                guard n - i >= 4 else { return nil }
                i += 4
            default:
                return nil
            }
        }
        return nil
    }

    @inline(__always)
    static func varint(_ b: UnsafeRawBufferPointer, _ start: Int) -> (UInt64, Int)? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var i = start
        while i < b.count && shift < 64 {
            let byte = b[i]
            result |= UInt64(byte & 0x7F) << shift
            i += 1
            if byte < 0x80 { return (result, i) }
            shift += 7
        }
        return nil
    }
}
