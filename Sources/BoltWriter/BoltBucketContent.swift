/// The sorted entries of one bucket, kept in a single byte arena so a bucket of 100,000 values
/// costs two allocations rather than 200,000.
public struct BoltBucketContent: Sendable {
    public let name: [UInt8]
    /// Keys and values back to back, in entry order.
    public private(set) var arena: [UInt8] = []
    /// Per entry: where its key starts in `arena`, key length, value length (the value follows the key).
    private(set) var entries: [(start: Int, keyCount: Int, valueCount: Int)] = []
    /// Nested buckets by entry index; their entries hold a placeholder value until the writer
    /// knows where each nested bucket goes.
    private(set) var nested: [Int: BoltBucketContent] = [:]
    /// The fraction of a page bbolt fills before it splits a node. etcd raises it to 0.9 for its
    /// append-only `key` bucket; 0.5 is bbolt's default.
    public var fillPercent: Double

    public init(name: String, fillPercent: Double = 0.5, reservingBytes: Int = 0, reservingEntries: Int = 0) {
        self.name = Array(name.utf8)
        self.fillPercent = fillPercent
        arena.reserveCapacity(reservingBytes)
        entries.reserveCapacity(reservingEntries)
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// Appends an entry. Keys must arrive in strictly increasing byte order.
    public mutating func append<K: Collection, V: Collection>(key: K, value: V) throws(BoltWriteError)
    where K.Element == UInt8, V.Element == UInt8 {
        try checkOrder(key)
        let start = arena.count
        arena.append(contentsOf: key)
        arena.append(contentsOf: value)
        entries.append((start, key.count, value.count))
    }

    /// Appends an entry whose value is produced in place (e.g. a protobuf message), avoiding a
    /// temporary array. `encode` appends the value's bytes to the arena it is given.
    public mutating func append<K: Collection>(key: K, encodingValue encode: (inout [UInt8]) -> Void) throws(BoltWriteError)
    where K.Element == UInt8 {
        try checkOrder(key)
        let start = arena.count
        arena.append(contentsOf: key)
        let valueStart = arena.count
        encode(&arena)
        entries.append((start, key.count, arena.count - valueStart))
    }

    /// Appends a nested bucket under its name (names sort with the plain keys).
    public mutating func append(bucket: BoltBucketContent) throws(BoltWriteError) {
        try append(key: bucket.name, value: EmptyCollection())
        nested[entries.count - 1] = bucket
    }

    var hasNestedBuckets: Bool { !nested.isEmpty }

    /// This bucket with every nested bucket's placeholder replaced by `value(child)`.
    func resolvingNested(_ value: (BoltBucketContent) throws(BoltWriteError) -> [UInt8]) throws(BoltWriteError) -> BoltBucketContent {
        var resolved = BoltBucketContent(name: String(decoding: name, as: UTF8.self), fillPercent: fillPercent,
                                         reservingBytes: arena.count, reservingEntries: entries.count)
        for i in entries.indices {
            let key = arena[keyRange(i)]
            if let child = nested[i] {
                try resolved.append(key: key, value: try value(child))
                resolved.nestedFlags.insert(i)
            } else {
                try resolved.append(key: key, value: arena[valueRange(i)])
            }
        }
        return resolved
    }

    /// Entries whose value is a (resolved) nested bucket: bbolt's bucketLeafFlag.
    private(set) var nestedFlags: Set<Int> = []

    func elementFlags(_ i: Int) -> UInt32 { nestedFlags.contains(i) ? BoltFormat.bucketLeafFlag : 0 }

    private func checkOrder<K: Collection>(_ key: K) throws(BoltWriteError) where K.Element == UInt8 {
        guard !key.isEmpty else { throw .emptyKey(bucket: String(decoding: name, as: UTF8.self)) }
        guard key.count <= 32768 else { throw .keyTooLarge(bucket: String(decoding: name, as: UTF8.self), size: key.count) }
        if let last = entries.last {
            let previous = arena[last.start..<(last.start + last.keyCount)]
            guard previous.lexicographicallyPrecedes(key) else {
                throw .keysOutOfOrder(bucket: String(decoding: name, as: UTF8.self))
            }
        }
    }

    func keyRange(_ i: Int) -> Range<Int> { entries[i].start..<(entries[i].start + entries[i].keyCount) }
    func valueRange(_ i: Int) -> Range<Int> {
        let e = entries[i]
        return (e.start + e.keyCount)..<(e.start + e.keyCount + e.valueCount)
    }
    func elementDataSize(_ i: Int) -> Int { entries[i].keyCount + entries[i].valueCount }
}
