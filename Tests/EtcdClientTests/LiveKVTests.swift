import EtcdClient
import EtcdModel
import EtcdTestSupport
import Foundation
import Testing

/// Key-value calls against a real etcd, over both transports.
@Suite(.serialized) struct LiveKVTests {
    let etcd: EtcdProcess
    init() throws { etcd = try TestServers.plain.get() }

    @Test(arguments: EtcdTransportKind.allCases)
    func putRangeDelete(_ transport: EtcdTransportKind) async throws {
        let client = try TestServers.client(etcd, transport)
        defer { Task { await client.close() } }
        let p = "/kv-\(transport)/"
        let put = try await client.put(PutRequest(key: b(p + "a"), value: b("one")))
        #expect(put.header.revision > 0)
        let again = try await client.put(PutRequest(key: b(p + "a"), value: b("two"), prevKV: true))
        #expect(again.prevKV?.value == b("one"))
        #expect(again.header.revision > put.header.revision)
        #expect(again.prevKV?.modRevision == put.header.revision)
        _ = try await client.put(PutRequest(key: b(p + "b"), value: [0, 0xFF, 10, 13]))   // binary value

        let all = try await client.range(RangeRequest(key: b(p), rangeEnd: b(String(p.dropLast()) + "0")))
        #expect(all.kvs.map(\.keyString) == [p + "a", p + "b"])
        #expect(all.kvs[0].value == b("two") && all.kvs[0].version == 2)
        #expect(all.kvs[1].value == [0, 0xFF, 10, 13])
        #expect(all.count == 2 && !all.more)

        let page = try await client.range(RangeRequest(key: b(p), rangeEnd: b(String(p.dropLast()) + "0"), limit: 1))
        #expect(page.kvs.count == 1 && page.more && page.count == 2)
        let old = try await client.range(RangeRequest(key: b(p + "a"), revision: put.header.revision))
        #expect(old.kvs.first?.value == b("one"))

        // etcdctl (an independent client) sees what we wrote.
        let seen = try etcd.etcdctl(["get", p + "a", "--print-value-only"])
        #expect(String(decoding: seen, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "two")

        let del = try await client.deleteRange(DeleteRangeRequest(key: b(p), rangeEnd: b(String(p.dropLast()) + "0"), prevKV: true))
        #expect(del.deleted == 2)
        #expect(del.prevKVs.map(\.keyString) == [p + "a", p + "b"])
        let none = try await client.range(RangeRequest(key: b(p + "a")))
        #expect(none.kvs.isEmpty && none.count == 0)
    }

    @Test(arguments: EtcdTransportKind.allCases)
    func compareAndSwapOnModRevision(_ transport: EtcdTransportKind) async throws {
        let client = try TestServers.client(etcd, transport)
        defer { Task { await client.close() } }
        let key = b("/cas-\(transport)")
        // Create only if absent (version == 0).
        let created = try await client.txn(TxnRequest(compare: [Compare(key: key, .equal, .version(0))],
                                                      success: [.put(PutRequest(key: key, value: b("v1")))]))
        #expect(created.succeeded)
        let rev = try await client.range(RangeRequest(key: key)).kvs[0].modRevision

        let swap = try await client.txn(TxnRequest(compare: [Compare(key: key, .equal, .modRevision(rev))],
                                                   success: [.put(PutRequest(key: key, value: b("v2")))],
                                                   failure: [.range(RangeRequest(key: key))]))
        #expect(swap.succeeded)
        guard case .put(let putResp)? = swap.responses.first else { Issue.record("expected a put response"); return }
        #expect(putResp.header.revision > rev)

        // The same compare is now stale: it must fail and run the failure branch.
        let stale = try await client.txn(TxnRequest(compare: [Compare(key: key, .equal, .modRevision(rev))],
                                                    success: [.put(PutRequest(key: key, value: b("lost")))],
                                                    failure: [.range(RangeRequest(key: key))]))
        #expect(!stale.succeeded)
        guard case .range(let current)? = stale.responses.first else { Issue.record("expected a range response"); return }
        #expect(current.kvs.first?.value == b("v2"))
        #expect(try await client.range(RangeRequest(key: key)).kvs.first?.value == b("v2"))
    }

    @Test(arguments: EtcdTransportKind.allCases)
    func statusHashKVCompactAndLease(_ transport: EtcdTransportKind) async throws {
        let etcd = try TestServers.compactingKV.get()
        let client = try TestServers.client(etcd, transport)
        defer { Task { await client.close() } }
        let status = try await client.status()
        // The server's own /version endpoint is the reference (3.4.23 from Debian, or another
        // etcd given with STRATA_ETCD_BIN).
        let version = try EtcdProcess.run(["/usr/bin/curl", "-sf", "-m", "2", etcd.endpoint + "/version"])
        #expect(version.contains("\"etcdserver\":\"\(status.version)\""))
        #expect(status.dbSize > 0 && status.leader != 0 && status.raftTerm > 0)
        #expect(status.header.memberID == status.leader)

        let key = b("/hash-\(transport)")
        let r1 = try await client.put(PutRequest(key: key, value: b("x"))).header.revision
        _ = try await client.put(PutRequest(key: key, value: b("y")))
        if transport == .grpc {
            let hash = try await client.hashKV(revision: r1)
            #expect(hash.header.revision >= r1 + 1)
            // etcdctl's own HashKV at the same revision must agree.
            let out = String(decoding: try etcd.etcdctl(["endpoint", "hashkv", "--rev", String(r1), "-w", "json"]), as: UTF8.self)
            #expect(out.contains("\"hash\":\(hash.hash)"))
        } else {
            await expectError {
                _ = try await client.hashKV(revision: r1)
            } where: { error in
                (error as? EtcdError)?.kind == .invalidArgument && "\(error)".contains("gRPC")
            }
        }

        try await client.compact(revision: r1, physical: true)
        await expectError {
            _ = try await client.range(RangeRequest(key: key, revision: r1 - 1))
        } where: { error in
            (error as? EtcdError)?.kind == .compacted
                && (error as? EtcdError)?.description == "etcdserver: mvcc: required revision has been compacted"
        }

        let lease = try await client.leaseGrant(ttl: 60)
        #expect(lease.id != 0 && lease.ttl == 60)
        let leased = b("/leased-\(transport)")
        _ = try await client.put(PutRequest(key: leased, value: b("v"), lease: lease.id))
        #expect(try await client.range(RangeRequest(key: leased)).kvs.first?.lease == lease.id)

        let ttl = try await client.leaseTimeToLive(id: lease.id, keys: true)
        #expect(ttl.id == lease.id && ttl.grantedTTL == 60 && ttl.ttl > 0 && ttl.ttl <= 60)
        #expect(ttl.keys == [leased])
        let renewed = try await client.leaseKeepAliveOnce(id: lease.id)
        #expect(renewed.id == lease.id && renewed.ttl == 60)
        // etcdctl agrees the lease exists before the revoke.
        let hex = String(UInt64(bitPattern: lease.id), radix: 16)
        #expect(String(decoding: try etcd.etcdctl(["lease", "timetolive", hex]), as: UTF8.self).contains("granted with TTL(60s)"))

        try await client.leaseRevoke(id: lease.id)
        #expect(try await client.range(RangeRequest(key: leased)).kvs.isEmpty)   // revoking deletes attached keys
        #expect(try await client.leaseTimeToLive(id: lease.id).ttl == -1)
    }

    @Test(arguments: EtcdTransportKind.allCases)
    func thousandSequentialRequestsOnOneClient(_ transport: EtcdTransportKind) async throws {
        let client = try TestServers.client(etcd, transport)
        defer { Task { await client.close() } }
        let clock = ContinuousClock()
        let start = clock.now
        for i in 0..<1000 {
            let key = b("/seq-\(transport)/\((i / 2) % 10)")
            if i % 2 == 0 {
                _ = try await client.put(PutRequest(key: key, value: b(String(i))))
            } else {
                let r = try await client.range(RangeRequest(key: key))
                #expect(r.kvs.first?.value == b(String(i - 1)))
            }
        }
        let elapsed = clock.now - start
        print("1000 sequential requests over \(transport): \(elapsed)")
    }

    @Test(arguments: EtcdTransportKind.allCases)
    func fiftyConcurrentCASWritersLoseNoUpdate(_ transport: EtcdTransportKind) async throws {
        let client = try TestServers.client(etcd, transport)
        defer { Task { await client.close() } }
        let key = b("/counter-\(transport)")
        _ = try await client.put(PutRequest(key: key, value: b("0")))
        let writers = 50, increments = 2
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<writers {
                group.addTask {
                    for _ in 0..<increments {
                        while true {
                            let cur = try await client.range(RangeRequest(key: key)).kvs[0]
                            let next = (Int(String(decoding: cur.value, as: UTF8.self)) ?? -1) + 1
                            let t = try await client.txn(TxnRequest(compare: [Compare(key: key, .equal, .modRevision(cur.modRevision))],
                                                                    success: [.put(PutRequest(key: key, value: b(String(next))))]))
                            if t.succeeded { break }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let final = try await client.range(RangeRequest(key: key)).kvs[0]
        #expect(String(decoding: final.value, as: UTF8.self) == String(writers * increments))
        #expect(final.version == Int64(writers * increments + 1))
    }

    /// etcd's server pings per round trip of request data, and swift-nio-http2 drops a connection
    /// after 200 pings in 30 s: a run of large puts must move to fresh connections before that.
    /// Before the size-aware budget, the 86th of these puts failed with "connection was closed".
    @Test func hundredsOfMegabytesOfPutsInARow() async throws {
        let own = try EtcdProcess.start(name: "client-large-puts")
        defer { own.stop() }
        let client = try TestServers.client(own, .grpc)
        defer { Task { await client.close() } }
        var last: Int64 = 0
        for i in 0..<150 {
            let value = [UInt8](repeating: UInt8(65 + i % 26), count: 1_400_000)
            let put = try await client.put(PutRequest(key: b("/large/\(i % 3)"), value: value))
            #expect(put.header.revision == last + 1 || last == 0)
            last = put.header.revision
        }
        let read = try await client.range(RangeRequest(key: b("/large/2")))
        #expect(read.kvs.first?.value == [UInt8](repeating: UInt8(65 + 149 % 26), count: 1_400_000))
        #expect(read.kvs.first?.version == 50)
    }

    /// One Range answer larger than grpc-swift's 4 MiB default: the raised limits must let it in.
    @Test(arguments: EtcdTransportKind.allCases)
    func rangeLargerThanFourMiBInOneResponse(_ transport: EtcdTransportKind) async throws {
        let client = try TestServers.client(etcd, transport)
        defer { Task { await client.close() } }
        let p = "/big-\(transport)/"
        for i in 0..<6 {
            _ = try await client.put(PutRequest(key: b(p + String(i)), value: [UInt8](repeating: UInt8(65 + i), count: 1_000_000)))
        }
        let all = try await client.range(RangeRequest(key: b(p), rangeEnd: b(String(p.dropLast()) + "0")))
        #expect(all.kvs.count == 6)
        #expect(all.kvs.reduce(0) { $0 + $1.value.count } == 6_000_000)
        #expect(all.kvs[5].value.allSatisfy { $0 == 70 })
        _ = try await client.deleteRange(DeleteRangeRequest(key: b(p), rangeEnd: b(String(p.dropLast()) + "0")))
    }

    @Test(arguments: EtcdTransportKind.allCases)
    func refusedEndpointFailsOverQuickly(_ transport: EtcdTransportKind) async throws {
        let dead = try EtcdProcess.freePort()   // nothing listens here
        // Long timeouts, so that waiting for either instead of moving on at the refusal shows
        // plainly, however slow the machine.
        let client = try EtcdClient(config: EtcdClientConfig(endpoints: ["http://127.0.0.1:\(dead)", etcd.endpoint],
                                                             dialTimeout: .seconds(20), commandTimeout: .seconds(30), transport: transport))
        defer { Task { await client.close() } }
        let clock = ContinuousClock()
        let start = clock.now
        _ = try await client.put(PutRequest(key: b("/failover-\(transport)"), value: b("ok")))
        let elapsed = clock.now - start
        print("failover past a refused endpoint over \(transport): \(elapsed)")
        #expect(elapsed < .seconds(10))
        #expect(client.endpointDescription == "127.0.0.1:\(etcd.clientPort)")
    }

    /// An endpoint that swallows SYNs costs the dial timeout, not the command timeout.
    @Test(arguments: EtcdTransportKind.allCases)
    func unresponsiveEndpointFailsOverAfterTheDialTimeout(_ transport: EtcdTransportKind) async throws {
        let hole = try Blackhole()
        var config = EtcdClientConfig(endpoints: ["http://127.0.0.1:\(hole.port)", etcd.endpoint], transport: transport)
        config.dialTimeout = .milliseconds(300)
        config.commandTimeout = .seconds(30)   // waiting for this instead would show plainly
        let client = try EtcdClient(config: config)
        defer { Task { await client.close() } }
        let clock = ContinuousClock()
        let start = clock.now
        _ = try await client.range(RangeRequest(key: b("/dial-timeout")))
        let elapsed = clock.now - start
        print("failover past an unresponsive endpoint over \(transport): \(elapsed)")
        #expect(elapsed >= .milliseconds(250))   // it really waited for the dial timeout
        #expect(elapsed < .seconds(15))
        withExtendedLifetime(hole) {}
    }

    @Test(arguments: EtcdTransportKind.allCases)
    func refusedOnlyEndpointIsAClearQuickError(_ transport: EtcdTransportKind) async throws {
        let dead = try EtcdProcess.freePort()
        let client = try EtcdClient(config: EtcdClientConfig(endpoints: ["127.0.0.1:\(dead)"], dialTimeout: .seconds(20),
                                                             commandTimeout: .seconds(30), transport: transport))
        defer { Task { await client.close() } }
        let clock = ContinuousClock()
        let start = clock.now
        await expectError {
            _ = try await client.range(RangeRequest(key: b("x")))
        } where: { error in
            (error as? EtcdError)?.description == "connection refused at 127.0.0.1:\(dead)"
        }
        #expect(clock.now - start < .seconds(10))
    }
}
