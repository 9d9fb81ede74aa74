import EtcdModel

/// Reads an etcd snapshot file, a bbolt `db` file or a data dir without a running etcd.
/// Thin first version: the interface is final, the reading lands with the Bolt/EtcdOffline modules.
public final class OfflineSource: KeyValueSource, @unchecked Sendable {
    public let path: String

    public init(path: String) throws {
        self.path = path
    }

    public var sourceDescription: String { "snapshot \(path)" }

    public func range(_ query: RangeQuery) async throws -> RangePage {
        throw OfflineSourceError(description: "offline reading is not implemented yet")
    }
}

public struct OfflineSourceError: Error, CustomStringConvertible, Sendable {
    public let description: String
}
