import EngineKit
import GoJSON
import KubeCodec

/// SetDefaults_PodSpec and the defaults of everything inside a PodSpec (containers, probes,
/// volumes, env). These apply wherever a PodSpec appears: Pods and every workload template.
/// Pod-only defaults are in PodDefaults.
enum PodSpecDefaults {
    static func apply(to spec: inout JSONValue, kubeVersion: KubeVersion) {
        guard case .object = spec else { return }
        // v1 → internal conversion: the deprecated serviceAccount fills an empty serviceAccountName.
        if (spec.string("serviceAccountName") ?? "").isEmpty, let legacy = spec.string("serviceAccount"), !legacy.isEmpty {
            spec.set(.string(legacy), at: "serviceAccountName")
        }
        spec.setDefault(.string("ClusterFirst"), at: "dnsPolicy")
        spec.setDefault(.string("Always"), at: "restartPolicy")
        spec.setDefault(.emptyObject, at: "securityContext")
        spec.setDefault(.int(30), at: "terminationGracePeriodSeconds")
        spec.setDefault(.string("default-scheduler"), at: "schedulerName")
        for list in ["initContainers", "containers", "ephemeralContainers"] {
            spec.forEachObject(at: [list]) { ContainerDefaults.apply(to: &$0) }
        }
        spec.forEachObject(at: ["volumes"]) { VolumeDefaults.apply(to: &$0) }
    }

    /// internal → v1 conversion on the way to storage: the deprecated serviceAccount mirrors
    /// serviceAccountName.
    static func mirrorDeprecatedServiceAccount(in spec: inout JSONValue) {
        guard case .object = spec else { return }
        if let name = spec.string("serviceAccountName"), !name.isEmpty {
            spec.set(.string(name), at: "serviceAccount")
        } else {
            spec.remove(at: "serviceAccount")
        }
    }
}

/// SetDefaults_Container and the defaults of a container's parts.
enum ContainerDefaults {
    static func apply(to container: inout JSONValue) {
        if (container.string("imagePullPolicy") ?? "").isEmpty {
            let tag = ImageReference.tag(of: container.string("image") ?? "")
            container.set(.string(tag == "latest" ? "Always" : "IfNotPresent"), at: "imagePullPolicy")
        }
        if (container.string("terminationMessagePath") ?? "").isEmpty {
            container.set(.string("/dev/termination-log"), at: "terminationMessagePath")
        }
        if (container.string("terminationMessagePolicy") ?? "").isEmpty {
            container.set(.string("File"), at: "terminationMessagePolicy")
        }
        // ResourceRequirements is a struct, not a pointer: Go always writes it, empty or not.
        container.setDefault(.emptyObject, at: "resources")
        ResourceListDefaults.apply(to: &container, at: ["resources", "limits"])
        ResourceListDefaults.apply(to: &container, at: ["resources", "requests"])
        container.forEachObject(at: ["ports"]) { port in
            if (port.string("protocol") ?? "").isEmpty { port.set(.string("TCP"), at: "protocol") }
        }
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] where container.has(probe) {
            container.modify(at: probe) { ProbeDefaults.apply(to: &$0) }
        }
        for hook in ["postStart", "preStop"] where container.has("lifecycle", hook) {
            container.modify(at: "lifecycle", hook) { ProbeDefaults.applyHandler(to: &$0) }
        }
        container.forEachObject(at: ["env"]) { env in
            if env.has("valueFrom", "fieldRef") {
                env.modify(at: "valueFrom", "fieldRef") { FieldSelectorDefaults.apply(to: &$0) }
            }
        }
    }
}

/// SetDefaults_Probe and the handler defaults (HTTPGetAction) shared with lifecycle hooks.
enum ProbeDefaults {
    static func apply(to probe: inout JSONValue) {
        guard case .object = probe else { return }
        applyHandler(to: &probe)
        for (field, value) in [("timeoutSeconds", 1), ("periodSeconds", 10), ("successThreshold", 1), ("failureThreshold", 3)] {
            if (probe[field]?.intValue ?? 0) == 0 { probe.set(.int(value), at: field) }
        }
    }

    static func applyHandler(to handler: inout JSONValue) {
        guard handler.has("httpGet") else { return }
        handler.modify(at: "httpGet") { get in
            if (get.string("path") ?? "").isEmpty { get.set(.string("/"), at: "path") }
            if (get.string("scheme") ?? "").isEmpty { get.set(.string("HTTP"), at: "scheme") }
        }
    }
}

/// SetDefaults_ObjectFieldSelector: a fieldRef names API version v1 unless told otherwise.
enum FieldSelectorDefaults {
    static func apply(to fieldRef: inout JSONValue) {
        if (fieldRef.string("apiVersion") ?? "").isEmpty { fieldRef.set(.string("v1"), at: "apiVersion") }
    }
}

/// SetDefaults_Volume and the volume sources' defaults (file modes 0644 = 420, token lifetime,
/// hostPath type).
enum VolumeDefaults {
    static let defaultMode: JSONValue = .int(420)

    static func apply(to volume: inout JSONValue) {
        guard case .object(let members) = volume else { return }
        // A volume naming no source at all is an emptyDir.
        if !members.contains(where: { $0.key != "name" && $0.value != .null }) {
            volume.set(.emptyObject, at: "emptyDir")
            return
        }
        for source in ["secret", "configMap", "downwardAPI", "projected"] where volume.has(source) {
            volume.setDefault(defaultMode, atPath: [source, "defaultMode"])
        }
        volume.forEachObject(at: ["downwardAPI", "items"]) { item in
            if item.has("fieldRef") { item.modify(at: "fieldRef") { FieldSelectorDefaults.apply(to: &$0) } }
        }
        volume.forEachObject(at: ["projected", "sources"]) { projection in
            if projection.has("serviceAccountToken") {
                projection.setDefault(.int(3600), atPath: ["serviceAccountToken", "expirationSeconds"])
            }
            projection.forEachObject(at: ["downwardAPI", "items"]) { item in
                if item.has("fieldRef") { item.modify(at: "fieldRef") { FieldSelectorDefaults.apply(to: &$0) } }
            }
        }
        if volume.has("hostPath") { volume.setDefault(.string(""), atPath: ["hostPath", "type"]) }
        if volume.has("ephemeral", "volumeClaimTemplate", "spec") {
            volume.setDefault(.string("Filesystem"), atPath: ["ephemeral", "volumeClaimTemplate", "spec", "volumeMode"])
        }
    }
}

/// SetDefaults_ResourceList: quantities rounded up to milli units and written in canonical form.
enum ResourceListDefaults {
    static func apply(to object: inout JSONValue, at path: [String]) {
        guard case .object(var members)? = object[path: path] else { return }
        var changed = false
        for i in members.indices {
            guard let text = members[i].value.stringValue, let canonical = QuantityCanonicalForm.canonical(text),
                  canonical != text else { continue }
            members[i].value = .string(canonical)
            changed = true
        }
        if changed { object.set(.object(members), at: path) }
    }
}
