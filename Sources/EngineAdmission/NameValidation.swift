import EngineKit

/// apimachinery's name rules and their messages (k8s.io/apimachinery/pkg/util/validation), word for word.
enum NameRule {
    /// RFC 1123 subdomain: most object names.
    case subdomain
    /// RFC 1123 label: namespaces, container names.
    case label
    /// RFC 1035 label: service names.
    case dns1035Label
    /// Any path segment: RBAC object names (`system:controller:x`).
    case pathSegment
    /// Not checked here (APIService `v1.`, IPAddress names are IPs).
    case unchecked

    static let labelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    static let subdomainFormat = labelFormat + "(\\." + labelFormat + ")*"
    static let dns1035Format = "[a-z]([-a-z0-9]*[a-z0-9])?"

    static let subdomainMessage = regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        subdomainFormat, ["example.com"])
    static let labelMessage = regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        labelFormat, ["my-name", "123-abc"])
    static let dns1035Message = regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        dns1035Format, ["my-name", "abc-123"])

    /// validation.RegexError: examples quoted, joined by " or " after their trailing ", ".
    static func regexError(_ message: String, _ format: String, _ examples: [String]) -> String {
        if examples.isEmpty { return message + " (regex used for validation is '" + format + "')" }
        var text = message + " (e.g. "
        for (i, example) in examples.enumerated() {
            if i > 0 { text += " or " }
            text += "'" + example + "', "
        }
        return text + "regex used for validation is '" + format + "')"
    }

    static func maxLength(_ n: Int) -> String { "must be no more than \(n) characters" }

    /// The messages for `value`; empty when it is valid.
    func problems(_ value: String) -> [String] {
        switch self {
        case .subdomain:
            var out: [String] = []
            if value.utf8.count > 253 { out.append(Self.maxLength(253)) }
            if !Self.isSubdomain(value) { out.append(Self.subdomainMessage) }
            return out
        case .label:
            var out: [String] = []
            if value.utf8.count > 63 { out.append(Self.maxLength(63)) }
            if !Self.isLabel(value) { out.append(Self.labelMessage) }
            return out
        case .dns1035Label:
            var out: [String] = []
            if value.utf8.count > 63 { out.append(Self.maxLength(63)) }
            if !Self.isLabel(value) || !(value.utf8.first.map(Self.isLowerAlpha) ?? false) { out.append(Self.dns1035Message) }
            return out
        case .pathSegment:
            if value == "." || value == ".." { return ["may not be '\(value)'"] }
            return ["/", "%"].filter { value.contains($0) }.map { "may not contain '\($0)'" }
        case .unchecked:
            return []
        }
    }

    static func isLabel(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard let first = u.first, let last = u.last, isLowerAlnum(first), isLowerAlnum(last) else { return false }
        return u.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    static func isSubdomain(_ s: String) -> Bool {
        s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isLabel(String($0)) }
    }

    private static func isLowerAlnum(_ c: UInt8) -> Bool { isLowerAlpha(c) || (c >= 0x30 && c <= 0x39) }
    private static func isLowerAlpha(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7a }

    static func forKind(_ kind: AdmittedKind) -> NameRule {
        switch kind {
        case .namespace: return .label
        case .service: return .dns1035Label
        case .clusterRole, .clusterRoleBinding, .role, .roleBinding: return .pathSegment
        case .apiService, .ipAddress, .other: return .unchecked
        default: return .subdomain
        }
    }
}

/// ValidateObjectMeta's checks on a new object's name.
enum ObjectMetaValidation {
    static func validateName(_ name: String?, rule: NameRule) -> [FieldError] {
        guard let name, !name.isEmpty else {
            return [FieldError(.required, "metadata.name", "name or generateName is required")]
        }
        return rule.problems(name).map { FieldError(.invalid, "metadata.name", value: GoText.quote(name), $0) }
    }
}
