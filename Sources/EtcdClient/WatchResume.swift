import EtcdModel

/// What a watch has delivered so far, so that after a dropped connection it can be re-created
/// from the first revision not yet seen, without repeating or losing events.
public struct WatchResume: Sendable, Equatable {
    public enum Decision: Equatable, Sendable {
        case deliver
        /// A duplicate "created" after a reconnect: the caller already saw the watch start.
        case skip
        case fail(EtcdError)
    }

    public let original: WatchCreateRequest
    /// Every event up to and including this revision has been delivered (0 = nothing known yet).
    public private(set) var deliveredThrough: Int64 = 0
    public private(set) var created = false
    /// For wording errors from a server-side cancel ("permission denied: user alice").
    let user: String?
    let endpoint: String

    public init(_ request: WatchCreateRequest, user: String? = nil, endpoint: String = "etcd") {
        original = request
        self.user = user
        self.endpoint = endpoint
        if request.startRevision > 0 { deliveredThrough = request.startRevision - 1 }
    }

    /// The request to send on (re)connect.
    public var nextRequest: WatchCreateRequest {
        var r = original
        if created || deliveredThrough > 0 { r.startRevision = deliveredThrough + 1 }
        return r
    }

    public mutating func observe(_ response: WatchResponse) -> Decision {
        if response.canceled {
            if response.compactRevision > 0 {
                return .fail(EtcdError(.compacted,
                    "etcdserver: mvcc: required revision has been compacted (watch from revision \(nextRequest.startRevision), compacted at \(response.compactRevision))",
                    compactRevision: response.compactRevision))
            }
            let reason = response.cancelReason.isEmpty ? "watch canceled by the server" : response.cancelReason
            return .fail(EtcdError.fromStatus(code: 2, message: reason, endpoint: endpoint, user: user))
        }
        if response.created {
            // A watch from "now" covers revisions after the creation header; remember that point
            // so a reconnect does not skip events committed while disconnected.
            if deliveredThrough == 0, original.startRevision == 0 { deliveredThrough = response.header.revision }
            if created { return .skip }
            created = true
            return .deliver
        }
        if let last = response.events.last {
            deliveredThrough = max(deliveredThrough, last.kv.modRevision)
        } else if response.header.revision > deliveredThrough {
            // Progress notification: nothing at or below this revision is still to come.
            deliveredThrough = response.header.revision
        }
        return .deliver
    }
}
