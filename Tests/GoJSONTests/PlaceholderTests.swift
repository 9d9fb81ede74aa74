import Testing
@testable import GoJSON

@Test func GoJSONModuleLinks() {
    #expect(Bool(true))
}
