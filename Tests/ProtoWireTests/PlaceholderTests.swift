import Testing
@testable import ProtoWire

@Test func ProtoWireModuleLinks() {
    #expect(Bool(true))
}
