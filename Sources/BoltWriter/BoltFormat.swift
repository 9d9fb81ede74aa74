/// The constants of bbolt's on-disk format (version 2) that a writer needs.
enum BoltFormat {
    static let magic: UInt32 = 0xED0C_DAED
    static let version: UInt32 = 2
    static let pageHeaderSize = 16
    static let elementSize = 16
    /// bbolt never splits a node below two keys, so very large values make overflow pages instead.
    static let minKeysPerPage = 2
    static let maxElementsPerPage = Int(UInt16.max)
    /// etcd opens bbolt with NoFreelistSync, so its meta pages point at no freelist page.
    static let noFreelist: UInt64 = .max

    enum PageFlag {
        static let branch: UInt16 = 0x01
        static let leaf: UInt16 = 0x02
        static let meta: UInt16 = 0x04
    }

    /// Leaf element flag: the value is a nested bucket.
    static let bucketLeafFlag: UInt32 = 0x01
    /// A bucket value starts with {root pgid u64, sequence u64}.
    static let bucketHeaderSize = 16
}
