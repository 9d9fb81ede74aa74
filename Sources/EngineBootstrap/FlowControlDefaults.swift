import EngineKit
import GoJSON
import KubeCodec

/// The API Priority and Fairness objects kube-apiserver's config producer
/// (k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap) writes, as flowcontrol.apiserver.k8s.io/v1.
///
/// Verified: object names, matching precedences and the 1.34 removal of `endpoint-controller` and
/// `workload-leader-election` (notes §1.1, checked per release tag); workload-low's
/// nominalConcurrencyShares 100 / lendablePercent 90 (a published kubectl output).
/// From recollection, not re-checked against the 1.33–1.36 source: the other shares, lendable
/// percents, queuing numbers and the rule lists of the non-"all" flow schemas.
enum FlowControlDefaults {
    static let autoupdateAnnotation = "apf.kubernetes.io/autoupdate-spec"

    private struct Level {
        var name: String
        var shares: Int
        var lendable: Int
        /// queues, handSize, queueLengthLimit; nil = Reject.
        var queuing: (Int, Int, Int)?
    }

    // Upstream writes the suggested levels first, then the mandatory ones; the producer creates
    // them in this order (mandatory exempt/catch-all last) [U: exact order].
    private static let levels: [Level] = [
        Level(name: "system", shares: 30, lendable: 33, queuing: (64, 6, 50)),
        Level(name: "node-high", shares: 40, lendable: 25, queuing: (64, 6, 50)),
        Level(name: "leader-election", shares: 10, lendable: 0, queuing: (16, 4, 50)),
        Level(name: "workload-high", shares: 40, lendable: 50, queuing: (128, 6, 50)),
        Level(name: "workload-low", shares: 100, lendable: 90, queuing: (128, 6, 50)),
        Level(name: "global-default", shares: 20, lendable: 50, queuing: (128, 6, 50)),
        Level(name: "exempt", shares: 0, lendable: 0, queuing: nil),
        Level(name: "catch-all", shares: 5, lendable: 0, queuing: nil),
    ]

    private static func metadata(_ name: String) -> JSONValue {
        .object([
            JSONMember("name", .string(name)),
            JSONMember("annotations", .object([JSONMember(autoupdateAnnotation, .string("true"))])),
        ])
    }

    static func priorityLevels() -> [JSONValue] {
        levels.map { level in
            let spec: JSONValue
            if level.name == "exempt" {
                spec = .object([
                    JSONMember("type", .string("Exempt")),
                    JSONMember("exempt", .object([
                        JSONMember("nominalConcurrencyShares", .int(level.shares)),
                        JSONMember("lendablePercent", .int(level.lendable)),
                    ])),
                ])
            } else {
                var limitResponse: [JSONMember]
                if let (queues, handSize, queueLengthLimit) = level.queuing {
                    limitResponse = [
                        JSONMember("type", .string("Queue")),
                        JSONMember("queuing", .object([
                            JSONMember("queues", .int(queues)),
                            JSONMember("handSize", .int(handSize)),
                            JSONMember("queueLengthLimit", .int(queueLengthLimit)),
                        ])),
                    ]
                } else {
                    limitResponse = [JSONMember("type", .string("Reject"))]
                }
                spec = .object([
                    JSONMember("type", .string("Limited")),
                    JSONMember("limited", .object([
                        JSONMember("nominalConcurrencyShares", .int(level.shares)),
                        JSONMember("limitResponse", .object(limitResponse)),
                        JSONMember("lendablePercent", .int(level.lendable)),
                    ])),
                ])
            }
            return .object([
                JSONMember("apiVersion", .string("flowcontrol.apiserver.k8s.io/v1")),
                JSONMember("kind", .string("PriorityLevelConfiguration")),
                JSONMember("metadata", metadata(level.name)),
                JSONMember("spec", spec),
            ])
        }
    }

    // MARK: Flow schemas

    private static func group(_ name: String) -> JSONValue {
        .object([JSONMember("kind", .string("Group")), JSONMember("group", .object([JSONMember("name", .string(name))]))])
    }

    private static func user(_ name: String) -> JSONValue {
        .object([JSONMember("kind", .string("User")), JSONMember("user", .object([JSONMember("name", .string(name))]))])
    }

    private static func kubeSystemServiceAccount(_ name: String) -> JSONValue {
        .object([
            JSONMember("kind", .string("ServiceAccount")),
            JSONMember("serviceAccount", .object([
                JSONMember("namespace", .string("kube-system")),
                JSONMember("name", .string(name)),
            ])),
        ])
    }

    private static func strings(_ items: [String]) -> JSONValue { .array(items.map(JSONValue.string)) }

    private static func resourceRule(verbs: [String], groups: [String], resources: [String],
                                     clusterScope: Bool, namespaces: [String]) -> JSONValue {
        var members = [
            JSONMember("verbs", strings(verbs)),
            JSONMember("apiGroups", strings(groups)),
            JSONMember("resources", strings(resources)),
        ]
        if clusterScope { members.append(JSONMember("clusterScope", .bool(true))) }
        if !namespaces.isEmpty { members.append(JSONMember("namespaces", strings(namespaces))) }
        return .object(members)
    }

    /// Everything: every resource (cluster-scoped and in every namespace) and every URL.
    private static func allRule(_ subjects: [JSONValue]) -> JSONValue {
        .object([
            JSONMember("subjects", .array(subjects)),
            JSONMember("resourceRules", .array([resourceRule(verbs: ["*"], groups: ["*"], resources: ["*"],
                                                             clusterScope: true, namespaces: ["*"])])),
            JSONMember("nonResourceRules", .array([.object([
                JSONMember("verbs", strings(["*"])),
                JSONMember("nonResourceURLs", strings(["*"])),
            ])])),
        ])
    }

    private static func flowSchema(_ name: String, level: String, precedence: Int, distinguisher: String?,
                                   rules: [JSONValue]) -> JSONValue {
        var spec = [
            JSONMember("priorityLevelConfiguration", .object([JSONMember("name", .string(level))])),
            JSONMember("matchingPrecedence", .int(precedence)),
        ]
        if let distinguisher {
            spec.append(JSONMember("distinguisherMethod", .object([JSONMember("type", .string(distinguisher))])))
        }
        spec.append(JSONMember("rules", .array(rules)))
        return .object([
            JSONMember("apiVersion", .string("flowcontrol.apiserver.k8s.io/v1")),
            JSONMember("kind", .string("FlowSchema")),
            JSONMember("metadata", metadata(name)),
            JSONMember("spec", .object(spec)),
        ])
    }

    static func flowSchemas(for version: KubeVersion) -> [JSONValue] {
        let leaderElectionVerbs = ["get", "create", "update"]
        var out: [JSONValue] = [
            flowSchema("system-nodes", level: "system", precedence: 500, distinguisher: "ByUser",
                       rules: [allRule([group("system:nodes")])]),
            flowSchema("system-node-high", level: "node-high", precedence: 400, distinguisher: "ByUser", rules: [
                .object([
                    JSONMember("subjects", .array([group("system:nodes")])),
                    JSONMember("resourceRules", .array([
                        resourceRule(verbs: ["*"], groups: [""], resources: ["nodes", "nodes/status"],
                                     clusterScope: true, namespaces: []),
                        resourceRule(verbs: ["*"], groups: ["coordination.k8s.io"], resources: ["leases"],
                                     clusterScope: false, namespaces: ["*"]),
                    ])),
                ]),
            ]),
            flowSchema("system-leader-election", level: "leader-election", precedence: 100, distinguisher: "ByUser", rules: [
                .object([
                    JSONMember("subjects", .array([user("system:kube-controller-manager"), user("system:kube-scheduler"),
                                                   kubeSystemServiceAccount("*")])),
                    JSONMember("resourceRules", .array([
                        resourceRule(verbs: leaderElectionVerbs, groups: ["coordination.k8s.io"], resources: ["leases"],
                                     clusterScope: false, namespaces: ["*"]),
                    ])),
                ]),
            ]),
        ]
        if version <= KubeVersion(major: 1, minor: 33) {
            out.append(flowSchema("workload-leader-election", level: "leader-election", precedence: 200, distinguisher: "ByUser", rules: [
                .object([
                    JSONMember("subjects", .array([kubeSystemServiceAccount("*")])),
                    JSONMember("resourceRules", .array([
                        resourceRule(verbs: leaderElectionVerbs, groups: ["coordination.k8s.io"], resources: ["leases"],
                                     clusterScope: false, namespaces: ["*"]),
                    ])),
                ]),
            ]))
            out.append(flowSchema("endpoint-controller", level: "workload-high", precedence: 150, distinguisher: "ByUser", rules: [
                .object([
                    JSONMember("subjects", .array([user("system:kube-controller-manager"),
                                                   kubeSystemServiceAccount("endpoint-controller"),
                                                   kubeSystemServiceAccount("endpointslicemirroring-controller")])),
                    JSONMember("resourceRules", .array([
                        resourceRule(verbs: ["get", "create", "update"], groups: [""], resources: ["endpoints"],
                                     clusterScope: false, namespaces: ["*"]),
                    ])),
                ]),
            ]))
        }
        out += [
            flowSchema("kube-controller-manager", level: "workload-high", precedence: 800, distinguisher: "ByNamespace",
                       rules: [allRule([user("system:kube-controller-manager")])]),
            flowSchema("kube-scheduler", level: "workload-high", precedence: 800, distinguisher: "ByNamespace",
                       rules: [allRule([user("system:kube-scheduler")])]),
            flowSchema("kube-system-service-accounts", level: "workload-high", precedence: 900, distinguisher: "ByNamespace",
                       rules: [allRule([kubeSystemServiceAccount("*")])]),
            flowSchema("service-accounts", level: "workload-low", precedence: 9000, distinguisher: "ByUser",
                       rules: [allRule([group("system:serviceaccounts")])]),
            flowSchema("global-default", level: "global-default", precedence: 9900, distinguisher: "ByUser",
                       rules: [allRule([group("system:unauthenticated"), group("system:authenticated")])]),
            flowSchema("probes", level: "exempt", precedence: 2, distinguisher: nil, rules: [
                .object([
                    JSONMember("subjects", .array([group("system:unauthenticated"), group("system:authenticated")])),
                    JSONMember("nonResourceRules", .array([.object([
                        JSONMember("verbs", strings(["get"])),
                        JSONMember("nonResourceURLs", strings(["/healthz", "/readyz", "/livez"])),
                    ])])),
                ]),
            ]),
            flowSchema("exempt", level: "exempt", precedence: 1, distinguisher: nil,
                       rules: [allRule([group("system:masters")])]),
            flowSchema("catch-all", level: "catch-all", precedence: 10000, distinguisher: "ByUser",
                       rules: [allRule([group("system:unauthenticated"), group("system:authenticated")])]),
        ]
        return out
    }
}
