/// One problem with one field, as Kubernetes' field.Error reports it.
public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case required = "Required value"
        case invalid = "Invalid value"
        case notSupported = "Unsupported value"
        case duplicate = "Duplicate value"
        case forbidden = "Forbidden"
        case tooLong = "Too long"
        case notFound = "Not found"
    }

    public var path: String
    public var kind: Kind
    /// The offending value as Kubernetes quotes it (`"Web"`, `-1`); empty when it has none.
    public var value: String
    public var detail: String

    public init(_ kind: Kind, _ path: String, value: String = "", _ detail: String = "") {
        self.kind = kind
        self.path = path
        self.value = value
        self.detail = detail
    }

    /// `spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label must ...`
    public var description: String {
        var s = path + ": " + kind.rawValue
        if kind != .required, kind != .forbidden, !value.isEmpty { s += ": " + value }
        if !detail.isEmpty { s += ": " + detail }
        return s
    }
}

/// An API request failure with the HTTP status, reason and message kube-apiserver would return.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        case badRequest = "BadRequest"
        case notFound = "NotFound"
        case alreadyExists = "AlreadyExists"
        case conflict = "Conflict"
        case invalid = "Invalid"
        case forbidden = "Forbidden"
        case methodNotAllowed = "MethodNotAllowed"
        case internalError = "InternalError"
        case storage = "StorageError"
    }

    public var code: Int
    public var reason: Reason
    public var message: String
    public var causes: [FieldError]

    public init(code: Int, reason: Reason, message: String, causes: [FieldError] = []) {
        self.code = code
        self.reason = reason
        self.message = message
        self.causes = causes
    }

    public var description: String { message }

    /// `pods "web" not found`
    public static func notFound(_ resource: String, _ name: String) -> APIError {
        APIError(code: 404, reason: .notFound, message: "\(resource) \"\(name)\" not found")
    }

    public static func alreadyExists(_ resource: String, _ name: String) -> APIError {
        APIError(code: 409, reason: .alreadyExists, message: "\(resource) \"\(name)\" already exists")
    }

    /// The optimistic-concurrency failure of an update with a stale resourceVersion.
    public static func conflict(_ resource: String, _ name: String) -> APIError {
        APIError(code: 409, reason: .conflict,
                 message: "Operation cannot be fulfilled on \(resource) \"\(name)\": the object has been modified; please apply your changes to the latest version and try again")
    }

    /// `Pod "web" is invalid: [a, b]` (one cause without brackets), as StatusError prints it.
    public static func invalid(kind: String, name: String, _ causes: [FieldError]) -> APIError {
        let list = causes.map(\.description)
        let joined = list.count == 1 ? list[0] : "[" + list.joined(separator: ", ") + "]"
        return APIError(code: 422, reason: .invalid, message: "\(kind) \"\(name)\" is invalid: \(joined)", causes: causes)
    }

    public static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: .badRequest, message: message)
    }

    public static func forbidden(_ message: String) -> APIError {
        APIError(code: 403, reason: .forbidden, message: message)
    }

    public static func internalError(_ message: String) -> APIError {
        APIError(code: 500, reason: .internalError, message: "Internal error occurred: \(message)")
    }
}
