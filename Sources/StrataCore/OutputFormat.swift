/// How decoded records are printed.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// A YAML stream (`---` between documents, `# <key>` before each), as sigs.k8s.io/yaml prints.
    case yaml
    /// Go `json.MarshalIndent` with two spaces, one object after another.
    case json
    /// Compact JSON, one object per line (the apiserver's form).
    case jsonl
    /// The stored bytes exactly as they are in etcd.
    case raw
    /// The protobuf payload inside the `k8s\0` envelope.
    case proto
}
