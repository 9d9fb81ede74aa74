import EngineAdmission
import EngineKit
import GoJSON
import Testing

@Suite struct ValidationTests {
    static let subdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"

    @Test func objectNamesAreSubdomains() {
        let error = createError("ConfigMap", #"{"metadata":{"name":"Settings","namespace":"default"}}"#, in: .standard())
        #expect(error?.code == 422)
        #expect(error?.reason == .invalid)
        #expect(error?.causes == [FieldError(.invalid, "metadata.name", value: "\"Settings\"", Self.subdomainMessage)])
        #expect(error?.message == #"ConfigMap "Settings" is invalid: metadata.name: Invalid value: "Settings": "# + Self.subdomainMessage)
    }

    @Test func overlongAndMalformedSubdomains() {
        let name = String(repeating: "a", count: 254)
        let error = createError("Secret", #"{"metadata":{"name":""# + name + #"","namespace":"default"}}"#, in: .standard())
        #expect(error?.causes.map(\.detail) == ["must be no more than 253 characters"])
        let dotted = createError("Secret", #"{"metadata":{"name":"a..b","namespace":"default"}}"#, in: .standard())
        #expect(dotted?.causes.map(\.detail) == [Self.subdomainMessage])
    }

    @Test func serviceNamesAreDNS1035Labels() {
        let error = createError("Service", #"{"metadata":{"name":"1web","namespace":"default"},"spec":{"ports":[{"port":80}]}}"#, in: .standard())
        #expect(error?.causes.first?.description == #"metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"#)
    }

    @Test func rbacNamesArePathSegments() throws {
        _ = try create("ClusterRole", group: "rbac.authorization.k8s.io", #"{"metadata":{"name":"system:controller:job-controller"}}"#, in: .standard())
        let error = createError("ClusterRole", group: "rbac.authorization.k8s.io", #"{"metadata":{"name":"a/b"}}"#, in: .standard())
        #expect(error?.message == #"ClusterRole.rbac.authorization.k8s.io "a/b" is invalid: metadata.name: Invalid value: "a/b": may not contain '/'"#)
    }

    @Test func podNeedsContainersWithNamesAndImages() {
        let none = createError("Pod", #"{"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[]}}"#, in: .standard())
        #expect(none?.message == #"Pod "p" is invalid: spec.containers: Required value"#)
        let bad = createError("Pod", #"{"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"Web","image":"a:1"},{"name":"","image":""},{"name":"Web","image":"b:1","ports":[{"containerPort":70000}]}]}}"#, in: .standard())
        let labelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
        #expect(bad?.causes.map(\.description) == [
            "spec.containers[0].name: Invalid value: \"Web\": " + labelMessage,
            "spec.containers[1].name: Required value",
            "spec.containers[1].image: Required value",
            "spec.containers[2].name: Invalid value: \"Web\": " + labelMessage,
            "spec.containers[2].name: Duplicate value: \"Web\"",
            "spec.containers[2].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
        ])
    }

    @Test func unsupportedPolicies() {
        let error = createError("Pod", #"{"metadata":{"name":"p","namespace":"default"},"spec":{"restartPolicy":"Sometimes","containers":[{"name":"c","image":"a:1","imagePullPolicy":"Maybe"}]}}"#, in: .standard())
        #expect(error?.causes.map(\.description) == [
            #"spec.containers[0].imagePullPolicy: Unsupported value: "Maybe": supported values: "Always", "IfNotPresent", "Never""#,
            #"spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never""#,
        ])
    }

    @Test func deploymentSelectorMustMatchTemplateLabels() {
        let error = createError("Deployment", group: "apps", #"{"metadata":{"name":"web","namespace":"default"},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"tier":"front","app":"api"}},"spec":{"containers":[{"name":"c","image":"a:1"}]}}}}"#, in: .standard())
        #expect(error?.message == #"Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"api", "tier":"front"}: `selector` does not match template `labels`"#)
    }

    @Test func deploymentSelectorIsRequiredAndRestartAlways() {
        let error = createError("Deployment", group: "apps", #"{"metadata":{"name":"web","namespace":"default"},"spec":{"replicas":-1,"template":{"metadata":{"labels":{"app":"web"}},"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"a:1"}]}}}}"#, in: .standard())
        #expect(error?.causes.map(\.description) == [
            "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
            "spec.selector: Required value",
            #"spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always""#,
        ])
    }

    @Test func matchExpressionsCount() throws {
        _ = try create("ReplicaSet", group: "apps", #"{"metadata":{"name":"rs","namespace":"default"},"spec":{"selector":{"matchExpressions":[{"key":"app","operator":"In","values":["web","api"]},{"key":"canary","operator":"DoesNotExist"}]},"template":{"metadata":{"labels":{"app":"api"}},"spec":{"containers":[{"name":"c","image":"a:1"}]}}}}"#, in: .standard())
        let error = createError("ReplicaSet", group: "apps", #"{"metadata":{"name":"rs","namespace":"default"},"spec":{"selector":{"matchExpressions":[{"key":"canary","operator":"Exists"}]},"template":{"metadata":{"labels":{"app":"api"}},"spec":{"containers":[{"name":"c","image":"a:1"}]}}}}"#, in: .standard())
        #expect(error?.causes.first?.path == "spec.template.metadata.labels")
    }

    @Test func jobTemplatesMustNotRestartAlways() {
        let error = createError("Job", group: "batch", #"{"metadata":{"name":"pi","namespace":"default","uid":"u"},"spec":{"template":{"spec":{"containers":[{"name":"c","image":"a:1"}]}}}}"#, in: .standard())
        #expect(error?.message == #"Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never""#)
    }

    @Test func servicePorts() {
        let error = createError("Service", #"{"metadata":{"name":"web","namespace":"default"},"spec":{"ports":[{"port":80},{"name":"b","port":0}]}}"#, in: .standard())
        #expect(error?.causes.map(\.description) == [
            "spec.ports[0].name: Required value",
            "spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
        ])
        let none = createError("Service", #"{"metadata":{"name":"web","namespace":"default"},"spec":{}}"#, in: .standard())
        #expect(none?.causes.map(\.description) == ["spec.ports: Required value"])
    }

    @Test func configMapKeys() {
        let error = createError("ConfigMap", #"{"metadata":{"name":"c","namespace":"default"},"data":{"good.key":"1","bad key":"2"}}"#, in: .standard())
        #expect(error?.causes.map(\.description) == [
            #"data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"#,
        ])
    }

    @Test func aRefusedRequestLeavesTheObjectUnchanged() throws {
        let cluster = TestCluster.standard()
        let admission = KubeAdmission(kubeVersion: cluster.kubeVersion)
        // Valid up to validation, so every mutating step has run on the way.
        let original = json(#"{"metadata":{"name":"p","namespace":"default"},"spec":{"restartPolicy":"Sometimes","containers":[{"name":"c","image":"a:1"}]}}"#)
        var request = AdmissionRequest(operation: .create, resource: resource("Pod", group: ""), object: original,
                                       namespace: "default", name: "p")
        #expect(throws: APIError.self) { try admission.admit(&request, context: cluster) }
        #expect(request.object == original)
        var forbidden = AdmissionRequest(operation: .create, resource: resource("Pod", group: ""),
                                         object: json(#"{"metadata":{"name":"p","namespace":"default"},"spec":{"priorityClassName":"gold","containers":[{"name":"c","image":"a:1"}]}}"#),
                                         namespace: "default", name: "p")
        let before = forbidden.object
        #expect(throws: APIError.self) { try admission.admit(&forbidden, context: cluster) }
        #expect(forbidden.object == before)
    }
}

@Suite struct LabelValidationTests {
    static let valueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    static let nameMessage = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"

    @Test func labelKeysAndValues() {
        let error = createError("ConfigMap", #"{"metadata":{"name":"c","namespace":"default","labels":{"app":"web server","-bad":"ok","example.com/tier":"","Example.COM/x":"y"}}}"#, in: .standard())
        #expect(error?.causes.map(\.description) == [
            #"metadata.labels: Invalid value: "-bad": "# + Self.nameMessage,
            #"metadata.labels: Invalid value: "Example.COM/x": prefix part "# + ValidationTests.subdomainMessage,
            #"metadata.labels: Invalid value: "web server": "# + Self.valueMessage,
        ])
    }

    @Test func longValuesAndAnnotationKeys() {
        let long = String(repeating: "v", count: 64)
        let error = createError("Secret", #"{"metadata":{"name":"s","namespace":"default","labels":{"k":""# + long + #""},"annotations":{"Kubectl.Kubernetes.IO/Last-Applied":"{}","a/b/c":"x"}}}"#, in: .standard())
        #expect(error?.causes.map(\.description) == [
            #"metadata.labels: Invalid value: ""# + long + #"": must be no more than 63 characters"#,
            #"metadata.annotations: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"#,
        ])
    }

    @Test func templateLabelsAreChecked() {
        let error = createError("Deployment", group: "apps", #"{"metadata":{"name":"d","namespace":"default"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b","x":"-y"}},"spec":{"containers":[{"name":"c","image":"a:1"}]}}}}"#, in: .standard())
        #expect(error?.causes.map(\.description) == [#"spec.template.metadata.labels: Invalid value: "-y": "# + Self.valueMessage])
    }

    @Test func jobCompletionsAndModeAreFixed() throws {
        let cluster = TestCluster.standard()
        let stored = try create("Job", group: "batch", #"{"metadata":{"name":"pi","namespace":"default","uid":"u-1"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"a:1"}]}}}}"#, in: cluster)
        var changed = stored
        changed.set(.int(2), at: "spec", "completions")
        changed.set(.string("Indexed"), at: "spec", "completionMode")
        do {
            _ = try update("Job", group: "batch", old: stored, new: changed, in: cluster)
            Issue.record("the update should have been refused")
        } catch {
            #expect(error.causes.map(\.description) == [
                "spec.completions: Invalid value: 2: field is immutable",
                #"spec.completionMode: Invalid value: "Indexed": field is immutable"#,
            ])
        }
        var suspended = stored
        suspended.set(.bool(true), at: "spec", "suspend")
        _ = try update("Job", group: "batch", old: stored, new: suspended, in: cluster)
    }
}
