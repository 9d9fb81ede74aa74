@testable import EtcdClient
import Testing

/// The rule that decides when a shared gRPC connection is replaced.
struct ConnectionBudgetTests {
    @Test func smallCallsCostOneUnit() {
        #expect(ConnectionBudget.cost(requestBytes: 0) == 1)
        #expect(ConnectionBudget.cost(requestBytes: 16 * 1024 - 1) == 1)
        #expect(ConnectionBudget.cost(requestBytes: 16 * 1024) == 2)
    }

    @Test func theLargestRequestEtcdAcceptsStillLeavesHeadroom() {
        // etcd's default --max-request-bytes is 1.5 MiB; a connection's worst case is a nearly
        // spent budget plus one such call, and that must stay under swift-nio-http2's 200.
        let largest = ConnectionBudget.cost(requestBytes: 3 * 512 * 1024 + 64)
        #expect(ConnectionBudget.perConnection - 1 + largest < 200)
    }
}
