import EngineCluster
import EngineKit
import EngineStore
import EtcdModel
import GoJSON
import KubeCodec
import Testing

@Suite struct FreshClusterTests {
    @Test func freshClusterValuesRoundTrip() async throws {
        let clock = EngineClock()
        let store = EmbeddedStore(configuration: .init(seed: 1, clock: clock))
        let report = try await ClusterGenerator.generate(GenerateOptions(), store: store, clock: clock)
        #expect(report.keys > 100)
        let all = try store.range(.prefix(Array("/registry/".utf8)))
        for kv in all.kvs {
            let key = String(decoding: kv.key, as: UTF8.self)
            #expect(!kv.value.isEmpty, "\(key)")
        }
    }
}
