import EtcdTestSupport
import Foundation
import Testing

extension LiveEtcdCommandTests {
    /// kubectl-style names select exactly the keys kube-apiserver uses, end to end.
    @Suite struct ResourceAddressingTests {
        static let keys = [
            "/registry/services/specs/default/web",
            "/registry/services/specs/prod/api",
            "/registry/services/endpoints/default/web",
            "/registry/minions/node-1",
            "/registry/controllers/default/rc1",
            "/registry/ingress/prod/edge",
            "/registry/events/default/ev1",
            "/registry/pods/default/web-0",
            "/registry/pods/kube-system/dns",
            "/registry/podtemplates/default/t",
            "/registry/deployments/default/web",
            "/registry/namespaces/default",
            "/registry/apiregistration.k8s.io/apiservices/v1.apps",
            "/registry/example.com/widgets/w1",
            "/registry/example.com/gadgets/prod/g1",
            "compact_rev_key",
        ]

        static let crd = #"{"apiVersion":"apiextensions.k8s.io/v1beta1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},"spec":{"group":"example.com","names":{"plural":"widgets","singular":"widget","shortNames":["wd"],"kind":"Widget"},"scope":"Cluster","versions":[{"name":"v1","served":true,"storage":true}]}}"#

        static let cases: [([String], [String])] = [
            (["svc"], ["/registry/services/specs/default/web"]),
            (["services", "-A"], ["/registry/services/specs/default/web", "/registry/services/specs/prod/api"]),
            (["ep"], ["/registry/services/endpoints/default/web"]),
            (["no"], ["/registry/minions/node-1"]),
            (["node", "node-1"], ["/registry/minions/node-1"]),
            (["rc", "rc1"], ["/registry/controllers/default/rc1"]),
            (["ing", "-n", "prod"], ["/registry/ingress/prod/edge"]),
            (["events.events.k8s.io"], ["/registry/events/default/ev1"]),
            (["po", "-A"], ["/registry/pods/default/web-0", "/registry/pods/kube-system/dns"]),
            (["pods", "-n", "kube-system"], ["/registry/pods/kube-system/dns"]),
            (["deploy", "web"], ["/registry/deployments/default/web"]),
            (["ns"], ["/registry/namespaces/default"]),
            (["apiservices"], ["/registry/apiregistration.k8s.io/apiservices/v1.apps"]),
            (["crd"], ["/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com"]),
            // Found through the stored CRD: short name and cluster scope.
            (["wd", "w1"], ["/registry/example.com/widgets/w1"]),
            (["widgets.example.com"], ["/registry/example.com/widgets/w1"]),
            // No CRD: the namespace must be given for a name.
            (["gadgets.example.com", "g1", "-n", "prod"], ["/registry/example.com/gadgets/prod/g1"]),
            (["compact_rev_key"], ["compact_rev_key"]),
        ]

        @Test func resourcesMapToTheirPrefixes() throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            for key in Self.keys { try etcd.etcdctl(["put", key, "v"]) }
            try etcd.etcdctl(["put", "/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com", Self.crd])
            for transport in ["grpc", "http"] {
                for (args, expected) in Self.cases {
                    let r = try Strata.run(["get"] + args + ["--keys-only"] + Strata.connection(etcd.endpoint, transport))
                    #expect(r.status == 0, "\(args): \(r.stderr)")
                    #expect(r.stdout.split(separator: "\n").map(String.init) == expected, "\(transport) \(args)")
                }
            }
            let unknown = try Strata.run(["get", "flibbertigibbets", "x", "--endpoints", etcd.endpoint])
            #expect(unknown.status != 0 && unknown.stderr.contains("doesn't have a resource type"))
            let nameAcross = try Strata.run(["get", "pods", "x", "-A", "--endpoints", etcd.endpoint])
            #expect(nameAcross.status != 0 && nameAcross.stderr.contains("across all namespaces"))
        }
    }
}
