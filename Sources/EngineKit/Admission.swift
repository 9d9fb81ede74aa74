import GoJSON
import KubeCodec
import KubeResources

public enum APIOperation: String, Sendable {
    case create = "CREATE"
    case update = "UPDATE"
    case delete = "DELETE"
}

/// What an admission step sees of one write: kube-apiserver's admission.Attributes.
public struct AdmissionRequest: Sendable {
    public var operation: APIOperation
    public var resource: ResourceInfo
    /// "status", "binding", or nil for the main resource.
    public var subresource: String?
    /// The object to be stored; admission may change it.
    public var object: JSONValue
    /// The stored object (updates and deletes).
    public var oldObject: JSONValue?
    public var namespace: String
    public var name: String

    public init(operation: APIOperation, resource: ResourceInfo, subresource: String? = nil, object: JSONValue,
                oldObject: JSONValue? = nil, namespace: String, name: String) {
        self.operation = operation
        self.resource = resource
        self.subresource = subresource
        self.object = object
        self.oldObject = oldObject
        self.namespace = namespace
        self.name = name
    }
}

/// What admission may ask the API server: reads of other objects and the engine's seeded
/// randomness (for names such as `kube-api-access-<5>`).
public protocol AdmissionContext: AnyObject {
    var kubeVersion: KubeVersion { get }
    /// The stored object, or nil.
    func lookup(_ resource: ResourceInfo, namespace: String, name: String) -> JSONValue?
    func lookup(plural: String, group: String, namespace: String, name: String) -> JSONValue?
    func nameSuffix() -> String
}

/// Per-kind API behaviour kube-apiserver implements in its registry strategies, defaulting
/// functions and admission plugins. The API server calls it in kube-apiserver's order:
/// `applyDefaults` (scheme defaulting, at decode), then `admit` (mutating admission, strategy
/// preparation, validation, validating admission).
public protocol AdmissionPolicy: Sendable {
    /// metadata.generation is set to 1 on create and bumped when the spec changes.
    func tracksGeneration(_ resource: ResourceInfo) -> Bool
    /// The resource has a `status` subresource: writes to the main resource keep the stored
    /// status, and status writes keep everything else.
    func hasStatusSubresource(_ resource: ResourceInfo) -> Bool
    /// Scheme defaulting (SetDefaults_*), for the object as it is decoded from a request.
    func applyDefaults(_ object: inout JSONValue, resource: ResourceInfo, kubeVersion: KubeVersion)
    /// Mutating admission, PrepareForCreate/Update, validation and validating admission.
    /// Throws 422 Invalid with field paths, 403/404 for admission denials; changes nothing then.
    func admit(_ request: inout AdmissionRequest, context: AdmissionContext) throws(APIError)
}

/// A policy that defaults and checks nothing: the API server's behaviour with no per-kind rules.
public struct PermissiveAdmission: AdmissionPolicy {
    public init() {}
    public func tracksGeneration(_ resource: ResourceInfo) -> Bool { false }
    public func hasStatusSubresource(_ resource: ResourceInfo) -> Bool { false }
    public func applyDefaults(_ object: inout JSONValue, resource: ResourceInfo, kubeVersion: KubeVersion) {}
    public func admit(_ request: inout AdmissionRequest, context: AdmissionContext) throws(APIError) {}
}
