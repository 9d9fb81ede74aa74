import Testing
@testable import KubeCodec

@Test func KubeCodecModuleLinks() {
    #expect(Bool(true))
}
