import Testing
@testable import Bolt

@Test func BoltModuleLinks() {
    #expect(Bool(true))
}
