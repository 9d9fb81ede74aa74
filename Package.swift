// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Strata",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "strata", targets: ["strata"]),
        .executable(name: "strata-bench", targets: ["strata-bench"]),
        .library(name: "KubeCodec", targets: ["KubeCodec"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Protobuf wire format: varints, tags, length-delimited fields. Knows no types.
        .target(name: "ProtoWire"),
        // Ordered JSON values, a parser that keeps key order and number text, and a Go-style writer.
        .target(name: "GoJSON"),
        // YAML the way sigs.k8s.io/yaml (go-yaml v2) prints it, and YAML input parsing.
        .target(name: "GoYAML", dependencies: ["GoJSON", .product(name: "Yams", package: "Yams")]),
        // The Kubernetes API schema as data, loaded once.
        .target(name: "KubeSchema"),
        // Stored Kubernetes values: envelope, table-driven transcoding to JSON/YAML and back.
        .target(name: "KubeCodec", dependencies: ["ProtoWire", "GoJSON", "GoYAML", "KubeSchema", "EtcdModel"]),
        // etcd's own messages (mvccpb.KeyValue, RangeResponse, ...) on the wire layer.
        .target(name: "EtcdModel", dependencies: ["ProtoWire"]),
        // Reads every etcdctl output form (and bare values) into KeyValues, incrementally.
        .target(name: "EtcdInput", dependencies: ["EtcdModel", "GoJSON", "ProtoWire"]),
        // Read-only bbolt file reader.
        .target(name: "Bolt", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // etcd's MVCC layout inside a bbolt file: revisions, history, hashkv.
        .target(name: "EtcdOffline", dependencies: ["Bolt", "EtcdModel", "ProtoWire"]),
        // etcd v3 client over gRPC and the HTTP/JSON gateway.
        .target(name: "EtcdClient", dependencies: [
            "EtcdModel", "ProtoWire", "GoJSON",
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Writes bbolt database files (etcd's storage format) from sorted bucket contents.
        .target(name: "BoltWriter", dependencies: ["Bolt"]),
        // The fixture engine's storage: an in-process store with etcd's revision/txn/lease/watch
        // semantics, saved to and loaded from etcd db files.
        .target(name: "EngineStore", dependencies: ["EtcdModel", "ProtoWire", "Bolt", "BoltWriter"]),
        // The engine store's protocol on a real etcd, through the client.
        .target(name: "EngineStoreEtcd", dependencies: ["EngineStore", "EtcdClient", "EtcdModel"]),
        // Test support: the Go sigs.k8s.io/yaml oracle (never linked into the tool).
        .target(name: "GoOracle", exclude: ["oracle"]),
        // Starts throwaway etcd servers for tests (never linked into the tool).
        .target(name: "EtcdTestSupport"),
        // Built-in Kubernetes resources (names, scope, etcd key prefix, storage encoding) and kubectl-style addressing.
        .target(name: "KubeResources"),
        // The engine: shared vocabulary (objects, clock, randomness, errors, admission interface).
        .target(name: "EngineKit", dependencies: ["GoJSON", "KubeCodec", "KubeResources", "EngineStore"]),
        // The engine's in-process kube-apiserver.
        .target(name: "EngineAPI", dependencies: ["EngineKit", "EngineStore", "EtcdModel", "GoJSON", "KubeCodec", "KubeSchema", "KubeResources"]),
        // Controllers, scheduler and simulated kubelets: clients of the API server only.
        .target(name: "EngineControllers", dependencies: ["EngineAPI", "EngineKit", "GoJSON", "KubeResources", "KubeCodec"]),
        // A whole simulated cluster: bootstrap, kubeadm add-ons, components, scenarios, output.
        .target(name: "EngineCluster", dependencies: ["EngineAPI", "EngineAdmission", "EngineBootstrap", "EngineControllers", "EngineKit", "EngineStore", "EtcdModel", "GoJSON", "GoYAML", "KubeCodec"]),
        // kube-apiserver's per-kind behaviour: scheme defaulting, admission plugins, strategies, validation.
        .target(name: "EngineAdmission", dependencies: ["EngineKit", "GoJSON", "KubeResources", "KubeCodec"]),
        // What kube-apiserver's post-start hooks write into a fresh cluster, per release, as data.
        .target(name: "EngineBootstrap", dependencies: ["EngineKit", "GoJSON", "KubeCodec", .product(name: "Crypto", package: "swift-crypto")]),
        // What the commands do: sources, output streams, resource addressing.
        .target(name: "StrataCore", dependencies: ["KubeCodec", "GoJSON", "GoYAML", "EtcdInput", "EtcdModel", "EtcdOffline", "EtcdClient", "Bolt", "KubeResources"]),
        // Command definitions (parse and delegate).
        .target(name: "StrataCLI", dependencies: [
            "EngineCluster", "EngineStoreEtcd", "EngineKit",
            "StrataCore", "KubeCodec", "EtcdInput",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "strata", dependencies: ["StrataCLI", "StrataCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "strata-bench", dependencies: ["EngineAPI", "EngineAdmission", "EngineCluster", "EngineKit", "StrataCore", "KubeCodec", "KubeSchema", "GoJSON", "ProtoWire", "EtcdModel", "EngineStore", "Bolt", "EtcdOffline", "EtcdClient", "EtcdTestSupport"]),

        .testTarget(name: "ProtoWireTests", dependencies: ["ProtoWire"]),
        .testTarget(name: "GoJSONTests", dependencies: ["GoJSON"], exclude: ["oracle", "vectors"]),
        .testTarget(name: "EtcdInputTests", dependencies: ["EtcdInput", "EtcdModel", "GoJSON", "EtcdTestSupport"]),
        .testTarget(name: "GoYAMLTests", dependencies: ["GoYAML", "GoJSON", "GoOracle"]),
        .testTarget(name: "KubeCodecTests", dependencies: ["KubeCodec", "KubeSchema", "GoJSON", "GoYAML", "EtcdModel", "ProtoWire", "GoOracle"]),
        .testTarget(name: "BoltTests", dependencies: ["Bolt", "EtcdTestSupport"]),
        .testTarget(name: "EngineStoreTests", dependencies: ["EngineStore", "EngineStoreEtcd", "EtcdClient", "BoltWriter", "Bolt", "EtcdModel", "ProtoWire", "EtcdTestSupport"]),
        .testTarget(name: "EtcdOfflineTests", dependencies: ["EtcdOffline", "Bolt", "EtcdModel", "EtcdTestSupport", "StrataCore"]),
        .testTarget(name: "EtcdClientTests", dependencies: ["EtcdClient", "EtcdModel", "EtcdTestSupport", "GoJSON",
                                                       .product(name: "GRPCCore", package: "grpc-swift-2")]),
        .testTarget(name: "StrataCLITests", dependencies: ["StrataCLI", "StrataCore", "EtcdTestSupport", "EtcdClient", "EtcdModel"]),
        .testTarget(name: "EngineKitTests", dependencies: ["EngineKit", "GoJSON"]),
        .testTarget(name: "EngineClusterTests", dependencies: ["EngineCluster", "EngineAPI", "EngineKit", "EngineStore", "EtcdModel", "GoJSON", "KubeCodec", "KubeResources", "EtcdTestSupport"]),
        .testTarget(name: "EngineControllersTests", dependencies: ["EngineControllers", "EngineAPI", "EngineAdmission", "EngineKit", "EngineStore", "GoJSON", "KubeCodec", "KubeResources"]),
        .testTarget(name: "EngineAPITests", dependencies: ["EngineAPI", "EngineKit", "EngineStore", "GoJSON", "KubeCodec", "KubeResources", "KubeSchema"]),
        .testTarget(name: "EngineAdmissionTests", dependencies: ["EngineAdmission", "EngineKit", "GoJSON", "KubeResources", "KubeCodec"]),
        .testTarget(name: "EngineBootstrapTests", dependencies: ["EngineBootstrap", "EngineKit", "KubeCodec", "GoJSON"]),
        .testTarget(name: "KubeResourcesTests", dependencies: ["KubeResources"], exclude: ["api-kinds.tsv"]),
    ]
)
