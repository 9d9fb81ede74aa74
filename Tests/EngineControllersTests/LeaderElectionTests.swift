import EngineAPI
import EngineControllers
import EngineKit
import GoJSON
import Testing

@Suite struct LeaderElectionTests {
    @Test func controlPlaneLeasesAreAcquiredAnnouncedAndRenewedEveryTwoSeconds() async throws {
        let cluster = try await NodeTestCluster()
        let leases = try cluster.api.resource(apiVersion: "coordination.k8s.io/v1", kind: "Lease")
        let election = LeaderElection(hostname: "cp")
        let loop = ControlLoop(api: cluster.api, controllers: [election])
        try await loop.run(duration: 10)

        for name in ["kube-controller-manager", "kube-scheduler"] {
            let lease = try await cluster.api.get(leases, namespace: "kube-system", name: name)
            let holder = lease[path: "spec", "holderIdentity"]?.stringValue ?? ""
            #expect(holder.hasPrefix("cp_") && holder.count == "cp_".count + 36)
            #expect(holder == election.identities[name])
            #expect(lease[path: "spec", "leaseDurationSeconds"] == .int(15))
            #expect(lease[path: "spec", "leaseTransitions"] == .int(0))
            #expect(lease[path: "spec", "acquireTime"]?.stringValue == "2026-06-01T08:00:00.000000Z")
            #expect(lease[path: "spec", "renewTime"]?.stringValue == "2026-06-01T08:00:10.000000Z")
        }
        let events = try await cluster.events(namespace: "kube-system").filter { $0["reason"]?.stringValue == "LeaderElection" }
        #expect(Set(events.compactMap { $0["message"]?.stringValue })
            == Set(election.identities.values.map { "\($0) became leader" }))
    }

    @Test func renewalsComeEveryTwoSeconds() async throws {
        let cluster = try await NodeTestCluster()
        let leases = try cluster.api.resource(apiVersion: "coordination.k8s.io/v1", kind: "Lease")
        let watch = cluster.api.watch(leases, namespace: "kube-system")
        try await ControlLoop(api: cluster.api, controllers: [LeaderElection(hostname: "cp")]).run(duration: 10)
        let schedulerWrites = watch.drain().filter { $0.object[path: "metadata", "name"]?.stringValue == "kube-scheduler" }
        // Created at 0 s, renewed at 2, 4, 6, 8 and 10 s.
        #expect(schedulerWrites.count == 6)
    }
}
