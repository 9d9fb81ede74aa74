import EngineKit
import GoJSON
import KubeResources

/// The ServiceAccount admission plugin on pod create: the default service account, the
/// account's image pull secrets, and the projected `kube-api-access-<5>` token volume mounted
/// read-only into every container and init container.
struct ServiceAccountAdmission {
    static let defaultName = "default"
    static let volumePrefix = "kube-api-access-"
    static let mountPath = "/var/run/secrets/kubernetes.io/serviceaccount"
    static let mirrorPodAnnotation = "kubernetes.io/config.mirror"
    static let serviceAccounts = ResourceInfo(group: "", storageVersion: "v1", kind: "ServiceAccount",
                                              plural: "serviceaccounts", singular: "serviceaccount", namespaced: true)

    /// When false, a missing ServiceAccount is treated as an empty one instead of refusing the pod.
    var requireServiceAccount: Bool

    func admit(_ pod: inout JSONValue, request: AdmissionRequest, context: AdmissionContext) throws(APIError) {
        // Mirror pods of static pods never get service-account credentials.
        if pod[path: "metadata", "annotations", Self.mirrorPodAnnotation] != nil { return }
        if (pod.string("spec", "serviceAccountName") ?? "").isEmpty {
            pod.set(.string(Self.defaultName), at: "spec", "serviceAccountName")
        }
        let name = pod.string("spec", "serviceAccountName") ?? Self.defaultName
        let account = context.lookup(Self.serviceAccounts, namespace: request.namespace, name: name)
        if account == nil, requireServiceAccount {
            throw .forbidden(Forbidden.message(
                request, "error looking up service account \(request.namespace)/\(name): serviceaccount \"\(name)\" not found"))
        }
        if shouldAutomount(pod: pod, account: account) {
            mountToken(into: &pod, context: context)
        }
        if pod.array("spec", "imagePullSecrets").isEmpty, let secrets = account?["imagePullSecrets"]?.elements, !secrets.isEmpty {
            pod.set(.array(secrets.map { .object(["name": $0["name"] ?? .string("")]) }), at: "spec", "imagePullSecrets")
        }
    }

    /// The pod's own automountServiceAccountToken wins, then the account's; the default is to mount.
    private func shouldAutomount(pod: JSONValue, account: JSONValue?) -> Bool {
        if let own = pod[path: "spec", "automountServiceAccountToken"]?.boolValue { return own }
        if let fromAccount = account?["automountServiceAccountToken"]?.boolValue { return fromAccount }
        return true
    }

    private func mountToken(into pod: inout JSONValue, context: AdmissionContext) {
        let existing = pod.array("spec", "volumes").compactMap { $0.string("name") }.first { $0.hasPrefix(Self.volumePrefix) }
        let volumeName = existing ?? Self.volumePrefix + context.nameSuffix()
        let mount = JSONValue.object(["name": .string(volumeName), "readOnly": .bool(true), "mountPath": .string(Self.mountPath)])
        var needsVolume = false
        for list in ["initContainers", "containers"] {
            pod.forEachObject(at: ["spec", list]) { container in
                // A container that already mounts something at the token path keeps its own.
                if container.array("volumeMounts").contains(where: { $0.string("mountPath") == Self.mountPath }) { return }
                container.append(mount, toArrayAt: ["volumeMounts"])
                needsVolume = true
            }
        }
        if existing == nil, needsVolume {
            pod.append(Self.tokenVolume(named: volumeName), toArrayAt: ["spec", "volumes"])
        }
    }

    /// The projected volume exactly as the plugin builds it (token lifetime 3607 s, mode 0644).
    static func tokenVolume(named name: String) -> JSONValue {
        .object([
            "name": .string(name),
            "projected": .object([
                "sources": .array([
                    .object(["serviceAccountToken": .object(["expirationSeconds": .int(3607), "path": .string("token")])]),
                    .object(["configMap": .object([
                        "name": .string("kube-root-ca.crt"),
                        "items": .array([.object(["key": .string("ca.crt"), "path": .string("ca.crt")])]),
                    ])]),
                    .object(["downwardAPI": .object([
                        "items": .array([.object([
                            "path": .string("namespace"),
                            "fieldRef": .object(["apiVersion": .string("v1"), "fieldPath": .string("metadata.namespace")]),
                        ])]),
                    ])]),
                ]),
                "defaultMode": .int(420),
            ]),
        ])
    }
}
