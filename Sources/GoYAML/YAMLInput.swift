import GoJSON
import Yams

/// YAML documents read the way `sigs.k8s.io/yaml.YAMLToJSON` (go-yaml v2) reads them, as ordered
/// JSON values: plain scalars typed by go-yaml's resolve rules (YAML 1.1 bools such as `yes`/`on`,
/// ints with `0x`/`0o`/`0b`/leading-0 octal and `_`, floats Go can parse), quoted scalars always
/// strings, timestamps kept as their text, aliases and `<<` merge keys resolved, non-string keys
/// turned into strings. Mapping members keep the order they were written in; a repeated key
/// (including one brought by a merge) keeps its first position and its last value, as a Go map
/// would.
public enum YAMLInput {
    public static func parseDocuments(_ text: String) throws -> [JSONValue] {
        var documents: [JSONValue] = []
        let roots: YamlSequence<Node>
        do {
            roots = try Yams.compose_all(yaml: text, Resolver.basic)
        } catch {
            throw convertParserError(error)
        }
        let converter = YAMLNodeConverter(bomRepair: LeadingBOMRepair(text),
                                          nodeBudget: NodeBudget(inputLength: text.utf8.count))
        var iterator = roots.makeIterator()
        while let root = iterator.next() {
            if isEmptyDocument(root) { continue }
            documents.append(try converter.value(root))
        }
        if let error = iterator.error { throw convertParserError(error) }
        return documents
    }

    /// A document with no content (`---` followed by nothing, or only comments).
    private static func isEmptyDocument(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.string.isEmpty && scalar.style == .plain && scalar.tag.description.isEmpty
    }

    static func convertParserError(_ error: Error) -> YAMLInputError {
        if let converted = error as? YAMLInputError { return converted }
        guard let yamlError = error as? YamlError else {
            return YAMLInputError(line: 0, column: 0, message: "\(error)")
        }
        switch yamlError {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return YAMLInputError(line: mark.line, column: mark.column, message: prefix + problem)
        case let .reader(problem, offset, _, _):
            return YAMLInputError(line: 0, column: 0, message: "\(problem)" + (offset.map { " at byte \($0)" } ?? ""))
        case let .duplicatedKeysInMapping(duplicates, context):
            return YAMLInputError(line: context.mark.line, column: context.mark.column,
                                  message: "duplicated mapping keys: \(duplicates.joined(separator: ", "))")
        default:
            return YAMLInputError(line: 0, column: 0, message: "\(yamlError)")
        }
    }
}
