/// etcd's key-range conventions.
public enum KeyRange {
    /// The range end that covers every key with this prefix: the prefix with its last byte below
    /// 0xff incremented and what follows dropped; `[0]` (to the end) if every byte is 0xff.
    public static func prefixEnd(_ prefix: [UInt8]) -> [UInt8] {
        var end = prefix
        while let last = end.last {
            if last < 0xff {
                end[end.count - 1] = last + 1
                return end
            }
            end.removeLast()
        }
        return [0]
    }
}
