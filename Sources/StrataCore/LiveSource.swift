import EtcdClient
import EtcdModel

/// Keys read from a running etcd (gRPC or the JSON gateway), one Range request per page.
public struct LiveSource: KeyValueSource {
    public let etcd: any LiveEtcd
    public let sourceDescription: String

    public init(_ etcd: any LiveEtcd, description: String) {
        self.etcd = etcd
        self.sourceDescription = description
    }

    public init(client: EtcdClient) {
        self.init(client, description: "etcd at \(client.endpointDescription)")
    }

    public func range(_ query: RangeQuery) async throws -> RangePage {
        let request = RangeRequest(key: query.key, rangeEnd: query.rangeEnd ?? [], limit: query.limit,
                                   revision: query.revision, keysOnly: query.keysOnly, countOnly: query.countOnly)
        let response = try await etcd.range(request)
        // etcd's header always carries the current revision; a read at an older revision was
        // served at that revision, which is what paging must stay on.
        let servedAt = query.revision != 0 ? query.revision : response.header.revision
        return RangePage(kvs: response.kvs, more: response.more, count: response.count, revision: servedAt)
    }
}
