import EngineAPI
import EngineAdmission
import EngineCluster
import EngineKit
import EngineStore
import Foundation
import GoJSON
import KubeCodec

/// Measures the engine above the store: pods created per second through the in-process API
/// server (defaulting, admission, managedFields, encoding, the etcd transaction), the db file
/// written from the result, and whole scenarios generated to a settled cluster.
/// Arguments: `--pods N` (default 20000), `--scenario NAME` (default fresh), `--nodes N`, `--scale-pods M`.
/// Runs with the allocator cache `strata cluster generate` uses (see `AllocatorTuning`); an empty
/// `GLIBC_TUNABLES=` in the environment measures glibc's defaults instead.
func runEngineBench(arguments: [String]) throws {
    AllocatorTuning.reexecWithLargerThreadCache()
    print("allocator: GLIBC_TUNABLES=\(ProcessInfo.processInfo.environment[AllocatorTuning.variable] ?? "(unset)")")
    var pods = 20_000, scenario = "fresh", nodes = 0, scalePods = 0
    var i = 0
    while i < arguments.count {
        let next = i + 1 < arguments.count ? arguments[i + 1] : ""
        switch arguments[i] {
        case "--pods": pods = Int(next) ?? pods; i += 1
        case "--scenario": scenario = next; i += 1
        case "--nodes": nodes = Int(next) ?? nodes; i += 1
        case "--scale-pods": scalePods = Int(next) ?? scalePods; i += 1
        default: break
        }
        i += 1
    }
    let (podCount, chosen, nodeCount, scalePodCount) = (pods, Scenario(rawValue: scenario), nodes, scalePods)
    try runBlocking {
        try await benchPodCreates(podCount)
        if let chosen { try await benchScenario(chosen, nodes: nodeCount, pods: scalePodCount) }
    }
}

private func benchPodCreates(_ count: Int) async throws {
    let version = KubeVersion(major: 1, minor: 35)
    let clock = EngineClock()
    let store = EmbeddedStore(configuration: .init(seed: 1, clock: clock))
    let api = try APIServer(store: store, clock: clock, seed: 1, policy: KubeAdmission(kubeVersion: version),
                            configuration: .init(kubeVersion: version))
    try await api.create(try JSONParser.parse(#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"default"}}"#), manager: "bench")
    try await api.create(try JSONParser.parse(#"{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default","namespace":"default"}}"#), manager: "bench")
    let template = try JSONParser.parse("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"web-5dd5756b68-","namespace":"default",
         "labels":{"app":"web","pod-template-hash":"5dd5756b68"}},
         "spec":{"containers":[{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80}],
          "resources":{"requests":{"cpu":"100m","memory":"128Mi"}}}]}}
        """)
    print("engine API: \(count) pods created through the API server (defaulting, admission, managedFields, encode, txn)")
    var bytes = 0
    let seconds = try await measureAsync {
        for _ in 0..<count {
            let created = try await api.create(template, manager: "kube-controller-manager")
            _ = created
        }
    }
    bytes = Int(try store.range(.prefix(Array("/registry/pods/".utf8))).kvs.reduce(0) { $0 + $1.value.count })
    report("pod creates through the API", count: count, unit: "pods", seconds: seconds)
    print(String(format: "  stored pod size: %.0f bytes on average", Double(bytes) / Double(max(count, 1))))
    var image: [UInt8] = []
    let tImage = try measure { image = try store.databaseImage() }
    reportBytes("db image of the result", megabytes: Double(image.count) / 1_000_000, seconds: tImage)
}

private func benchScenario(_ scenario: Scenario, nodes: Int, pods: Int) async throws {
    let clock = EngineClock()
    let store = EmbeddedStore(configuration: .init(seed: 1, clock: clock))
    var result: GenerateReport?
    let seconds = try await measureAsync {
        result = try await ClusterGenerator.generate(GenerateOptions(scenario: scenario, nodes: nodes, pods: pods), store: store, clock: clock)
    }
    guard let result else { return }
    print(String(format: "scenario %@: %d keys, revision %lld, %.1f s wall (CPU %.1f s), %.0f revisions/s, settled: %@, peak RSS %.0f MB",
                 scenario.rawValue, result.keys, result.revision, seconds, lastCPUSeconds, Double(result.revision) / seconds,
                 result.settled ? "yes" : "no", benchPeakRSSMegabytes()))
}

private func measureAsync(_ body: () async throws -> Void) async throws -> Double {
    let cpuStart = benchCPUSeconds()
    let start = DispatchTime.now().uptimeNanoseconds
    try await body()
    lastCPUSeconds = benchCPUSeconds() - cpuStart
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Runs async work from the synchronous suite entry point.
private func runBlocking(_ body: @escaping @Sendable () async throws -> Void) throws {
    final class Outcome: @unchecked Sendable { var error: Error? }
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { try await body() } catch { outcome.error = error }
        done.signal()
    }
    done.wait()
    if let error = outcome.error { throw error }
}
