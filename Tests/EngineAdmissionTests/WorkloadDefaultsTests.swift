import EngineAdmission
import EngineKit
import GoJSON
import KubeCodec
import Testing

@Suite struct WorkloadDefaultsTests {
    let template = #""template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}"#
    var selector: String { #""selector":{"matchLabels":{"app":"web"}},"# + template }

    @Test func deployment() throws {
        let d = try create("Deployment", group: "apps", #"{"metadata":{"name":"web","namespace":"default"},"spec":{"# + selector + "},\"status\":{\"replicas\":9}}", in: .standard())
        // cluster-writes.md §3.1
        #expect(d.at("spec", "replicas") == .number("1"))
        #expect(d.at("spec", "strategy") == json(#"{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}}"#))
        #expect(d.at("spec", "revisionHistoryLimit") == .number("10"))
        #expect(d.at("spec", "progressDeadlineSeconds") == .number("600"))
        #expect(d.at("spec", "template", "spec", "containers")?.elements?.first?.text("imagePullPolicy") == "IfNotPresent")
        #expect(d.at("status") == .object([]))
    }

    @Test func recreateDeploymentHasNoRollingUpdate() {
        var d = json(#"{"spec":{"strategy":{"type":"Recreate"}}}"#)
        KubeAdmission(kubeVersion: .newest).applyDefaults(&d, resource: resource("Deployment", group: "apps"), kubeVersion: .newest)
        #expect(d.at("spec", "strategy") == json(#"{"type":"Recreate"}"#))
    }

    @Test func replicaSet() throws {
        let rs = try create("ReplicaSet", group: "apps", #"{"metadata":{"name":"web-5dd5756b68","namespace":"default"},"spec":{"# + selector + "}}", in: .standard())
        #expect(rs.at("spec", "replicas") == .number("1"))
        #expect(rs.at("spec", "template", "spec", "dnsPolicy") == .string("ClusterFirst"))
    }

    @Test func statefulSet() throws {
        let s = try create("StatefulSet", group: "apps", #"{"metadata":{"name":"db","namespace":"default"},"spec":{"serviceName":"db","# + selector + #","volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"]}}]}}"#, in: .standard())
        #expect(s.text("spec", "podManagementPolicy") == "OrderedReady")
        #expect(s.at("spec", "updateStrategy") == json(#"{"type":"RollingUpdate","rollingUpdate":{"partition":0}}"#))
        #expect(s.at("spec", "persistentVolumeClaimRetentionPolicy") == json(#"{"whenDeleted":"Retain","whenScaled":"Retain"}"#))
        #expect(s.at("spec", "replicas") == .number("1"))
        #expect(s.at("spec", "revisionHistoryLimit") == .number("10"))
        let claim = s.at("spec", "volumeClaimTemplates")?.elements?.first
        #expect(claim?.text("spec", "volumeMode") == "Filesystem")
        #expect(claim?.text("status", "phase") == "Pending")
    }

    @Test func daemonSet() throws {
        let ds = try create("DaemonSet", group: "apps", #"{"metadata":{"name":"kube-proxy","namespace":"default"},"spec":{"# + selector + "}}", in: .standard())
        #expect(ds.at("spec", "updateStrategy") == json(#"{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}}"#))
        #expect(ds.at("spec", "revisionHistoryLimit") == .number("10"))
    }

    @Test func jobDefaultsAndGeneratedSelector() throws {
        let uid = "0b9f6d2e-8a41-4f0c-b1de-5c7a9e3f4d20"
        let job = try create("Job", group: "batch", #"{"metadata":{"name":"pi","namespace":"default","uid":""# + uid + #""},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl:5.34"}]}}}}"#, in: .standard())
        #expect(job.at("spec", "completions") == .number("1"))
        #expect(job.at("spec", "parallelism") == .number("1"))
        #expect(job.at("spec", "backoffLimit") == .number("6"))
        #expect(job.text("spec", "completionMode") == "NonIndexed")
        #expect(job.at("spec", "suspend") == .bool(false))
        #expect(job.at("spec", "manualSelector") == .bool(false))
        #expect(job.text("spec", "podReplacementPolicy") == "TerminatingOrFailed")
        #expect(job.at("spec", "selector") == .object([JSONMember("matchLabels", .object([JSONMember("batch.kubernetes.io/controller-uid", .string(uid))]))]))
        let labels = job.at("spec", "template", "metadata", "labels")
        #expect(labels?.text("batch.kubernetes.io/controller-uid") == uid)
        #expect(labels?.text("controller-uid") == uid)
        #expect(labels?.text("batch.kubernetes.io/job-name") == "pi")
        #expect(labels?.text("job-name") == "pi")
        #expect(job.at("status") == .object([]))
        // Job labels copy the template's only when the template had labels at decode time.
        #expect(job.at("metadata", "labels") == nil)
    }

    @Test func jobParallelismAloneLeavesCompletionsUnset() {
        var job = json(#"{"spec":{"parallelism":3,"podFailurePolicy":{"rules":[{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget"}]}]}}}"#)
        KubeAdmission(kubeVersion: .newest).applyDefaults(&job, resource: resource("Job", group: "batch"), kubeVersion: .newest)
        #expect(job.at("spec", "completions") == nil)
        #expect(job.text("spec", "podReplacementPolicy") == "Failed")
        #expect(job.at("spec", "podFailurePolicy", "rules")?.elements?.first?.at("onPodConditions")?.elements?.first?.text("status") == "True")
    }

    @Test func cronJobAndItsJobTemplate() {
        var c = json(#"{"spec":{"schedule":"*/5 * * * *","jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"OnFailure","containers":[{"name":"c","image":"busybox"}]}}}}}}"#)
        KubeAdmission(kubeVersion: .newest).applyDefaults(&c, resource: resource("CronJob", group: "batch"), kubeVersion: .newest)
        #expect(c.text("spec", "concurrencyPolicy") == "Allow")
        #expect(c.at("spec", "suspend") == .bool(false))
        #expect(c.at("spec", "successfulJobsHistoryLimit") == .number("3"))
        #expect(c.at("spec", "failedJobsHistoryLimit") == .number("1"))
        let template = c.at("spec", "jobTemplate", "spec", "template", "spec")
        #expect(template?.text("schedulerName") == "default-scheduler")
        #expect(template?.at("containers")?.elements?.first?.text("imagePullPolicy") == "Always")
        // The job template is not a Job: SetDefaults_Job does not run on it.
        #expect(c.at("spec", "jobTemplate", "spec", "backoffLimit") == nil)
    }

    @Test func hostNetworkPodsPublishTheirPorts() {
        var pod = json(#"{"spec":{"hostNetwork":true,"containers":[{"name":"c","image":"a:1","ports":[{"containerPort":9100},{"containerPort":80,"hostPort":8080}]}]}}"#)
        KubeAdmission(kubeVersion: .newest).applyDefaults(&pod, resource: resource("Pod", group: ""), kubeVersion: .newest)
        #expect(pod.at("spec", "containers")?.elements?.first?.at("ports")
                == json(#"[{"containerPort":9100,"protocol":"TCP","hostPort":9100},{"containerPort":80,"hostPort":8080,"protocol":"TCP"}]"#))
    }

    @Test func jobBeforePodReplacementPolicy() {
        var job = json(#"{"spec":{}}"#)
        KubeAdmission(kubeVersion: .newest).applyDefaults(&job, resource: resource("Job", group: "batch"), kubeVersion: KubeVersion(major: 1, minor: 28))
        #expect(job.at("spec", "podReplacementPolicy") == nil)
        #expect(job.at("spec", "backoffLimit") == .number("6"))
    }
}
