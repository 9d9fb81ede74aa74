import Testing
@testable import StrataCLI

@Test func StrataCLIModuleLinks() {
    #expect(Bool(true))
}
