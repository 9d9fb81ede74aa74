import Testing
@testable import GoYAML

@Test func GoYAMLModuleLinks() {
    #expect(Bool(true))
}
