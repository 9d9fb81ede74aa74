import Testing
@testable import EtcdOffline

@Test func EtcdOfflineModuleLinks() {
    #expect(Bool(true))
}
