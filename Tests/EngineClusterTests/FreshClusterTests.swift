import EngineCluster
import EngineKit
import EngineStore
import EtcdModel
import Foundation
import GoJSON
import KubeCodec
import Testing

/// The fresh cluster against what real clusters write (../shared/notes/cluster-writes.md §1.4:
/// a kubeadm single-node cluster, the 1.34/1.35 column, with the version deltas of §1.1).
@Suite struct FreshClusterTests {
    static func generate(_ version: KubeVersion, seed: UInt64 = 1) async throws -> EmbeddedStore {
        let clock = EngineClock()
        let store = EmbeddedStore(configuration: .init(seed: seed, clock: clock, memberName: "strata-control-plane"))
        // Six minutes of engine time: the compactor has written compact_rev_key once.
        _ = try await ClusterGenerator.generate(
            GenerateOptions(spec: ClusterSpec(kubeVersion: version, seed: seed), scenario: .fresh, duration: 360),
            store: store, clock: clock)
        return store
    }

    /// Expected live keys per prefix in a fresh kubeadm cluster (notes §1.4, 1.34/1.35 column;
    /// flowschemas, ranges, ipaddresses and servicecidrs follow the version notes of §1.1).
    static func expectedCounts(_ v: KubeVersion) -> [String: Int] {
        let atLeast134 = v >= KubeVersion(major: 1, minor: 34)
        return [
            "/registry/apiregistration.k8s.io/apiservices/": 21,
            "/registry/clusterrolebindings/": 55,
            "/registry/clusterroles/": 70,
            "/registry/configmaps/": 11,
            "/registry/controllerrevisions/": 1,
            "/registry/csinodes/": 1,
            "/registry/daemonsets/": 1,
            "/registry/deployments/": 1,
            "/registry/replicasets/": 1,
            "/registry/endpointslices/": 2,
            "/registry/flowschemas/": atLeast134 ? 11 : 13,
            "/registry/ipaddresses/": 2,
            "/registry/leases/": 4,
            "/registry/masterleases/": 1,
            "/registry/minions/": 1,
            "/registry/namespaces/": 4,
            "/registry/pods/": 7,
            "/registry/priorityclasses/": 2,
            "/registry/prioritylevelconfigurations/": 8,
            "/registry/ranges/": atLeast134 ? 1 : 2,
            "/registry/rolebindings/": 11,
            "/registry/roles/": 11,
            "/registry/secrets/": 1,
            "/registry/serviceaccounts/": 40,
            "/registry/servicecidrs/": 1,
            "/registry/services/endpoints/": 2,
            "/registry/services/specs/": 2,
            "compact_rev_key": 1,
        ]
    }

    @Test(arguments: ClusterSpec.supportedVersions)
    func keyCountsPerPrefixMatchARealCluster(_ version: KubeVersion) async throws {
        let store = try await Self.generate(version)
        for (prefix, expected) in Self.expectedCounts(version).sorted(by: { $0.key < $1.key }) {
            let count = try store.range(.prefix(Array(prefix.utf8), countOnly: true)).count
            let tolerance = Double(expected) * 0.1
            #expect(abs(Double(count) - Double(expected)) <= tolerance, "\(version) \(prefix): \(count) keys, a real cluster has \(expected)")
        }
    }

    @Test(arguments: ClusterSpec.supportedVersions)
    func everyValueDecodesAndReencodesToTheSameBytes(_ version: KubeVersion) async throws {
        let store = try await Self.generate(version)
        let kvs = try store.range(.prefix(Array("/registry/".utf8))).kvs
        #expect(kvs.count > 250)
        let decoder = KubeDecoder(options: DecodeOptions(kubeVersion: version))
        let encoder = KubeEncoder()
        for kv in kvs {
            let key = String(decoding: kv.key, as: UTF8.self)
            let json: [UInt8]
            if kv.value.starts(with: Envelope.magic) {
                json = try kv.value.withUnsafeBytes { try decoder.protobufToJSON($0, pretty: false) }.json
            } else {
                json = kv.value
            }
            let object = try JSONParser.parse(json)
            #expect(object[path: "metadata", "resourceVersion"] == nil, "\(key) stores a resourceVersion")
            let again = try encoder.encodeForStorage(object, options: .init(prepareForStorage: true)).bytes
            #expect(again == kv.value, "\(key) does not re-encode to its stored bytes")
        }
    }

    @Test func sameSeedGivesTheSameDatabaseBytes() async throws {
        let a = try await Self.generate(KubeVersion(major: 1, minor: 35), seed: 5).databaseImage()
        let b = try await Self.generate(KubeVersion(major: 1, minor: 35), seed: 5).databaseImage()
        let c = try await Self.generate(KubeVersion(major: 1, minor: 35), seed: 6).databaseImage()
        #expect(a == b)
        #expect(a != c)
    }
}
