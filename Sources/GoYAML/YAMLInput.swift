import GoJSON

/// YAML documents read the way `sigs.k8s.io/yaml.YAMLToJSON` (go-yaml v2) reads them, as ordered
/// JSON values: plain scalars typed by go-yaml's resolve rules (YAML 1.1 bools such as `yes`/`on`,
/// ints with `0x`/`0o`/`0b`/leading-0 octal and `_`, floats Go can parse), quoted scalars always
/// strings, timestamps kept as their text, aliases and `<<` merge keys resolved, non-string keys
/// turned into strings. Mapping members keep the order they were written in; a repeated key
/// (including one brought by a merge) keeps its first position and its last value, as a Go map
/// would.
public enum YAMLInput {
    public static func parseDocuments(_ text: String) throws -> [JSONValue] {
        let converter = YAMLNodeConverter(nodeBudget: NodeBudget(inputLength: text.utf8.count))
        var documents: [JSONValue] = []
        for root in try LibYAMLComposer.documents(text) where !isEmptyDocument(root) {
            documents.append(try converter.value(root))
        }
        return documents
    }

    /// A document with no content (`---` followed by nothing, or only comments).
    private static func isEmptyDocument(_ node: ComposedNode) -> Bool {
        node.kind == .scalar && node.implicit && node.text.isEmpty
    }
}
