import EtcdModel
import Testing
import EtcdClient

/// The reconnect bookkeeping of `watch`, driven with synthetic responses.
@Suite struct WatchResumeTests {
    func events(_ revs: [Int64]) -> WatchResponse {
        WatchResponse(header: ResponseHeader(revision: revs.last ?? 0),
                      events: revs.map { Event(kv: KeyValue(key: [1], modRevision: $0)) })
    }

    @Test func resumesAfterTheLastDeliveredRevision() {
        var r = WatchResume(WatchCreateRequest(key: [1], startRevision: 5))
        #expect(r.nextRequest.startRevision == 5)
        #expect(r.observe(WatchResponse(header: ResponseHeader(revision: 20), created: true)) == .deliver)
        #expect(r.observe(events([5, 6])) == .deliver)
        #expect(r.nextRequest.startRevision == 7)
        // After a reconnect the server confirms creation again: not shown twice.
        #expect(r.observe(WatchResponse(header: ResponseHeader(revision: 21), created: true)) == .skip)
        #expect(r.observe(events([7, 9])) == .deliver)
        #expect(r.nextRequest.startRevision == 10)
        #expect(r.nextRequest.key == [1])
    }

    @Test func watchFromNowResumesAfterTheCreationRevision() {
        var r = WatchResume(WatchCreateRequest(key: [1]))
        #expect(r.nextRequest.startRevision == 0)
        _ = r.observe(WatchResponse(header: ResponseHeader(revision: 42), created: true))
        // Events committed while disconnected (43...) must still arrive.
        #expect(r.nextRequest.startRevision == 43)
    }

    @Test func progressNotifyAdvancesTheResumePoint() {
        var r = WatchResume(WatchCreateRequest(key: [1], startRevision: 3))
        _ = r.observe(WatchResponse(header: ResponseHeader(revision: 10), created: true))
        _ = r.observe(events([3]))
        _ = r.observe(WatchResponse(header: ResponseHeader(revision: 15)))
        #expect(r.nextRequest.startRevision == 16)
        // An older header never moves it back.
        _ = r.observe(WatchResponse(header: ResponseHeader(revision: 12)))
        #expect(r.nextRequest.startRevision == 16)
    }

    @Test func compactionEndsTheWatchWithACompactedError() {
        var r = WatchResume(WatchCreateRequest(key: [1], startRevision: 2))
        let d = r.observe(WatchResponse(canceled: true, compactRevision: 8))
        guard case .fail(let e) = d else { Issue.record("expected failure, got \(d)"); return }
        #expect(e.kind == .compacted)
        #expect(e.description.contains("required revision has been compacted"))
    }

    @Test func cancelForMissingAuthIsAnAuthError() {
        var r = WatchResume(WatchCreateRequest(key: [1]))
        let d = r.observe(WatchResponse(watchID: -1, created: true, canceled: true, cancelReason: "rpc error: code = InvalidArgument desc = etcdserver: user name is empty"))
        guard case .fail(let e) = d else { Issue.record("expected failure"); return }
        #expect(e.kind == .authFailed)
    }
}
