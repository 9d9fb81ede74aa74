import EtcdClient
import EtcdModel

/// What the live commands need from an etcd connection. `EtcdClient` provides it; tests of the
/// command logic can substitute their own.
public protocol LiveEtcd: Sendable {
    func range(_ r: RangeRequest) async throws -> RangeResponse
    func put(_ r: PutRequest) async throws -> PutResponse
    func deleteRange(_ r: DeleteRangeRequest) async throws -> DeleteRangeResponse
    func txn(_ r: TxnRequest) async throws -> TxnResponse
    /// Watch responses for one watch; the client reconnects and resumes on connection drops.
    func watchStream(_ r: WatchCreateRequest) -> AsyncThrowingStream<WatchResponse, Error>
    func snapshot() -> AsyncThrowingStream<[UInt8], Error>
    func status() async throws -> StatusResponse
    func close() async
}

extension EtcdClient: LiveEtcd {
    public func watchStream(_ r: WatchCreateRequest) -> AsyncThrowingStream<WatchResponse, Error> {
        watch(r)
    }
}

/// Opens the client the connection flags describe. Does not connect yet (the first request does).
public func openEtcd(_ config: EtcdClientConfig) throws -> EtcdClient {
    try EtcdClient(config: config)
}
