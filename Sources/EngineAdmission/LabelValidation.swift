import EngineKit
import GoJSON

/// ValidateLabels and ValidateAnnotations: label keys and annotation keys are qualified names
/// (`[prefix/]name`), label values are short label values. Errors name the map, not the key, as
/// Kubernetes does; keys are visited in sorted order so the list is stable.
enum LabelValidation {
    static let qualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    static let qualifiedNameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
    static let labelValueFormat = "(" + qualifiedNameFormat + ")?"
    static let labelValueMessage = NameRule.regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        labelValueFormat, ["MyValue", "my_value", "12345"])

    static func validate(labels: [(String, String)]?, path: String) -> [FieldError] {
        var errors: [FieldError] = []
        for (key, value) in (labels ?? []).sorted(by: { $0.0 < $1.0 }) {
            errors += qualifiedNameProblems(key).map { FieldError(.invalid, path, value: GoText.quote(key), $0) }
            errors += labelValueProblems(value).map { FieldError(.invalid, path, value: GoText.quote(value), $0) }
        }
        return errors
    }

    static func validate(annotations: [(String, String)]?, path: String) -> [FieldError] {
        var errors: [FieldError] = []
        for (key, _) in (annotations ?? []).sorted(by: { $0.0 < $1.0 }) {
            errors += qualifiedNameProblems(key.lowercased()).map { FieldError(.invalid, path, value: GoText.quote(key), $0) }
        }
        return errors
    }

    /// The labels and annotations of an object's metadata.
    static func validateMetadata(_ object: JSONValue, path: String = "metadata") -> [FieldError] {
        guard let meta = object[path: path.split(separator: ".").map(String.init)] else { return [] }
        return validate(labels: meta.stringMap("labels"), path: path + ".labels")
            + validate(annotations: meta.stringMap("annotations"), path: path + ".annotations")
    }

    static func qualifiedNameProblems(_ value: String) -> [String] {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var problems: [String] = []
        let name: String
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            name = parts[1]
            if parts[0].isEmpty {
                problems.append("prefix part must be non-empty")
            } else {
                problems += NameRule.subdomain.problems(parts[0]).map { "prefix part " + $0 }
            }
        default:
            return ["a qualified name " + NameRule.regexError(qualifiedNameMessage, qualifiedNameFormat, ["MyName", "my.name", "123-abc"])
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
        }
        if name.isEmpty {
            problems.append("name part must be non-empty")
        } else if name.utf8.count > 63 {
            problems.append("name part " + NameRule.maxLength(63))
        }
        if !isQualifiedNamePart(name) {
            problems.append("name part " + NameRule.regexError(qualifiedNameMessage, qualifiedNameFormat, ["MyName", "my.name", "123-abc"]))
        }
        return problems
    }

    static func labelValueProblems(_ value: String) -> [String] {
        var problems: [String] = []
        if value.utf8.count > 63 { problems.append(NameRule.maxLength(63)) }
        if !value.isEmpty && !isQualifiedNamePart(value) { problems.append(labelValueMessage) }
        return problems
    }

    private static func isQualifiedNamePart(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard let first = u.first, let last = u.last, isAlnum(first), isAlnum(last) else { return false }
        return u.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    private static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
    }
}
