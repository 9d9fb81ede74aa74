import Testing
@testable import EtcdClient

@Test func EtcdClientModuleLinks() {
    #expect(Bool(true))
}
