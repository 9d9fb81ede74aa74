import GoJSON
import EtcdModel

// JSON forms of the etcd messages, as grpc-gateway v1 (etcd 3.4/3.5) maps them: proto field
// names, int64 as strings, bytes as base64, zero values omitted.

extension ResponseHeader: GatewayDecodable {
    init(gatewayJSON j: GatewayJSON) throws(EtcdError) {
        self.init(clusterID: try j.uint64("cluster_id"), memberID: try j.uint64("member_id"),
                  revision: try j.int64("revision"), raftTerm: try j.uint64("raft_term"))
    }

    static func from(_ j: GatewayJSON) throws(EtcdError) -> ResponseHeader {
        guard let h = j["header"] else { return ResponseHeader() }
        return try ResponseHeader(gatewayJSON: h)
    }
}

extension KeyValue: GatewayDecodable {
    init(gatewayJSON j: GatewayJSON) throws(EtcdError) {
        self.init(key: try j.bytes("key"), createRevision: try j.int64("create_revision"),
                  modRevision: try j.int64("mod_revision"), version: try j.int64("version"),
                  value: try j.bytes("value"), lease: try j.int64("lease"))
    }

    static func optional(_ j: GatewayJSON?) throws(EtcdError) -> KeyValue? {
        guard let j, j != .null else { return nil }
        return try KeyValue(gatewayJSON: j)
    }

    static func list(_ j: GatewayJSON?) throws(EtcdError) -> [KeyValue] {
        var out: [KeyValue] = []
        for item in j?.array ?? [] { out.append(try KeyValue(gatewayJSON: item)) }
        return out
    }
}

extension RangeRequest: EtcdRequestMessage {
    func writeGatewayJSON(_ w: inout GatewayJSONWriter) {
        w.object { w in
            w.bytes("key", key)
            w.bytes("range_end", rangeEnd)
            w.int64("limit", limit)
            w.int64("revision", revision)
            // jsonpb takes enum names (or bare numbers), not numbers in strings.
            if sortOrder != .none { w.enumName("sort_order", ["NONE", "ASCEND", "DESCEND"][sortOrder.rawValue]) }
            if sortTarget != .key { w.enumName("sort_target", ["KEY", "VERSION", "CREATE", "MOD", "VALUE"][sortTarget.rawValue]) }
            w.bool("serializable", serializable)
            w.bool("keys_only", keysOnly)
            w.bool("count_only", countOnly)
            w.int64("min_mod_revision", minModRevision)
            w.int64("max_mod_revision", maxModRevision)
            w.int64("min_create_revision", minCreateRevision)
            w.int64("max_create_revision", maxCreateRevision)
        }
    }
}

extension RangeResponse: EtcdResponseMessage {
    init(gatewayJSON j: GatewayJSON) throws(EtcdError) {
        self.init(header: try .from(j), kvs: try KeyValue.list(j["kvs"]), more: try j.bool("more"), count: try j.int64("count"))
    }
}

extension PutRequest: EtcdRequestMessage {
    func writeGatewayJSON(_ w: inout GatewayJSONWriter) {
        w.object { w in
            w.bytes("key", key)
            w.bytes("value", value)
            w.int64("lease", lease)
            w.bool("prev_kv", prevKV)
            w.bool("ignore_value", ignoreValue)
            w.bool("ignore_lease", ignoreLease)
        }
    }
}

extension PutResponse: EtcdResponseMessage {
    init(gatewayJSON j: GatewayJSON) throws(EtcdError) {
        self.init(header: try .from(j), prevKV: try KeyValue.optional(j["prev_kv"]))
    }
}

extension DeleteRangeRequest: EtcdRequestMessage {
    func writeGatewayJSON(_ w: inout GatewayJSONWriter) {
        w.object { w in
            w.bytes("key", key)
            w.bytes("range_end", rangeEnd)
            w.bool("prev_kv", prevKV)
        }
    }
}

extension DeleteRangeResponse: EtcdResponseMessage {
    init(gatewayJSON j: GatewayJSON) throws(EtcdError) {
        self.init(header: try .from(j), deleted: try j.int64("deleted"), prevKVs: try KeyValue.list(j["prev_kvs"]))
    }
}

extension Compare: GatewayEncodable {
    func writeGatewayJSON(_ w: inout GatewayJSONWriter) {
        w.object { w in
            w.enumName("result", ["EQUAL", "GREATER", "LESS", "NOT_EQUAL"][result.rawValue])
            w.enumName("target", ["VERSION", "CREATE", "MOD", "VALUE", "LEASE"][target.rawValue])
            w.bytes("key", key)
            // The oneof arm is sent even for zero ("version == 0" means "key absent").
            switch targetValue {
            case .version(let v)?: w.int64("version", v, always: true)
            case .createRevision(let v)?: w.int64("create_revision", v, always: true)
            case .modRevision(let v)?: w.int64("mod_revision", v, always: true)
            case .value(let v)?: w.bytes("value", v, always: true)
            case .lease(let v)?: w.int64("lease", v, always: true)
            case nil: break
            }
            w.bytes("range_end", rangeEnd)
        }
    }
}

extension RequestOp: GatewayEncodable {
    func writeGatewayJSON(_ w: inout GatewayJSONWriter) {
        w.object { w in
            switch self {
            case .range(let r): w.message("request_range", r)
            case .put(let r): w.message("request_put", r)
            case .deleteRange(let r): w.message("request_delete_range", r)
            case .txn(let r): w.message("request_txn", r)
            }
        }
    }
}

extension ResponseOp: GatewayDecodable {
    init(gatewayJSON j: GatewayJSON) throws(EtcdError) {
        if let r = j["response_range"] { self = .range(try RangeResponse(gatewayJSON: r)) }
        else if let r = j["response_put"] { self = .put(try PutResponse(gatewayJSON: r)) }
        else if let r = j["response_delete_range"] { self = .deleteRange(try DeleteRangeResponse(gatewayJSON: r)) }
        else if let r = j["response_txn"] { self = .txn(try TxnResponse(gatewayJSON: r)) }
        else { throw EtcdError(.other, "unexpected gateway response: empty txn response op") }
    }
}

extension TxnRequest: EtcdRequestMessage {
    func writeGatewayJSON(_ w: inout GatewayJSONWriter) {
        w.object { w in
            w.array("compare", compare)
            w.array("success", success)
            w.array("failure", failure)
        }
    }
}

extension TxnResponse: EtcdResponseMessage {
    init(gatewayJSON j: GatewayJSON) throws(EtcdError) {
        var ops: [ResponseOp] = []
        for item in j["responses"]?.array ?? [] { ops.append(try ResponseOp(gatewayJSON: item)) }
        self.init(header: try .from(j), succeeded: try j.bool("succeeded"), responses: ops)
    }
}

extension CompactionRequest: EtcdRequestMessage {
    func writeGatewayJSON(_ w: inout GatewayJSONWriter) {
        w.object { w in
            w.int64("revision", revision)
            w.bool("physical", physical)
        }
    }
}

extension HeaderOnlyResponse: EtcdResponseMessage {
    init(gatewayJSON j: GatewayJSON) throws(EtcdError) {
        self.init(header: try .from(j))
    }
}

extension EmptyRequest: EtcdRequestMessage {
    func writeGatewayJSON(_ w: inout GatewayJSONWriter) { w.object { _ in } }
}

extension StatusResponse: EtcdResponseMessage {
    init(gatewayJSON j: GatewayJSON) throws(EtcdError) {
        self.init()
        header = try .from(j)
        version = try j.string("version")
        dbSize = try j.int64("dbSize")
        leader = try j.uint64("leader")
        raftIndex = try j.uint64("raftIndex")
        raftTerm = try j.uint64("raftTerm")
        raftAppliedIndex = try j.uint64("raftAppliedIndex")
        errors = (j["errors"]?.array ?? []).compactMap(\.stringValue)
        dbSizeInUse = try j.int64("dbSizeInUse")
        isLearner = try j.bool("isLearner")
    }
}

extension HashKVRequest: EtcdRequestMessage {
    func writeGatewayJSON(_ w: inout GatewayJSONWriter) {
        w.object { w in w.int64("revision", revision) }
    }
}

extension HashKVResponse: EtcdResponseMessage {
    init(gatewayJSON j: GatewayJSON) throws(EtcdError) {
        let hash = try j.uint64("hash")
        guard hash <= UInt64(UInt32.max) else { throw GatewayJSON.bad("hash", "a uint32") }
        self.init(header: try .from(j), hash: UInt32(hash), compactRevision: try j.int64("compact_revision"))
    }
}

extension LeaseGrantRequest: EtcdRequestMessage {
    func writeGatewayJSON(_ w: inout GatewayJSONWriter) {
        w.object { w in
            w.int64("TTL", ttl)
            w.int64("ID", id)
        }
    }
}

extension LeaseGrantResponse: EtcdResponseMessage {
    init(gatewayJSON j: GatewayJSON) throws(EtcdError) {
        self.init(header: try .from(j), id: try j.int64("ID"), ttl: try j.int64("TTL"), error: try j.string("error"))
    }
}

extension AuthenticateRequest: EtcdRequestMessage {
    func writeGatewayJSON(_ w: inout GatewayJSONWriter) {
        w.object { w in
            w.string("name", name)
            w.string("password", password)
        }
    }
}

extension AuthenticateResponse: EtcdResponseMessage {
    init(gatewayJSON j: GatewayJSON) throws(EtcdError) {
        self.init(header: try .from(j), token: try j.string("token"))
    }
}

extension WatchCreateRequest: GatewayEncodable {
    /// The whole `/v3/watch` body: a WatchRequest whose oneof is `create_request`.
    func writeGatewayJSON(_ w: inout GatewayJSONWriter) {
        w.object { w in
            w.message("create_request", CreateBody(request: self))
        }
    }

    private struct CreateBody: GatewayEncodable {
        let request: WatchCreateRequest
        func writeGatewayJSON(_ w: inout GatewayJSONWriter) {
            let r = request
            w.object { w in
                w.bytes("key", r.key)
                w.bytes("range_end", r.rangeEnd)
                w.int64("start_revision", r.startRevision)
                w.bool("progress_notify", r.progressNotify)
                if !r.filters.isEmpty {
                    w.array("filters", r.filters.map { FilterName(name: $0 == .noPut ? "NOPUT" : "NODELETE") })
                }
                w.bool("prev_kv", r.prevKV)
                w.int64("watch_id", r.watchID)
                w.bool("fragment", r.fragment)
            }
        }
    }

    private struct FilterName: GatewayEncodable {
        let name: String
        func writeGatewayJSON(_ w: inout GatewayJSONWriter) { w.appendString(name) }
    }
}

extension Event: GatewayDecodable {
    init(gatewayJSON j: GatewayJSON) throws(EtcdError) {
        let typeText = j["type"]?.stringValue ?? "PUT"
        let type: EventType = typeText == "DELETE" || typeText == "1" ? .delete : .put
        self.init(type: type, kv: try KeyValue.optional(j["kv"]) ?? KeyValue(key: []),
                  prevKV: try KeyValue.optional(j["prev_kv"]))
    }
}

extension WatchResponse: GatewayDecodable {
    init(gatewayJSON j: GatewayJSON) throws(EtcdError) {
        var events: [Event] = []
        for item in j["events"]?.array ?? [] { events.append(try Event(gatewayJSON: item)) }
        self.init(header: try .from(j), watchID: try j.int64("watch_id"), created: try j.bool("created"),
                  canceled: try j.bool("canceled"), compactRevision: try j.int64("compact_revision"),
                  cancelReason: try j.string("cancel_reason"), fragment: try j.bool("fragment"), events: events)
    }
}

extension SnapshotResponse: GatewayDecodable {
    init(gatewayJSON j: GatewayJSON) throws(EtcdError) {
        self.init(remainingBytes: try j.uint64("remaining_bytes"), blob: try j.bytes("blob"))
        header = try .from(j)
        version = try j.string("version")
    }
}

extension LeaseIDRequest: EtcdRequestMessage {
    func writeGatewayJSON(_ w: inout GatewayJSONWriter) {
        w.object { w in
            w.int64("ID", id)
            w.bool("keys", keys)
        }
    }
}

extension LeaseKeepAliveResponse: EtcdResponseMessage {
    init(gatewayJSON j: GatewayJSON) throws(EtcdError) {
        self.init(header: try .from(j), id: try j.int64("ID"), ttl: try j.int64("TTL"))
    }
}

extension LeaseTimeToLiveResponse: EtcdResponseMessage {
    init(gatewayJSON j: GatewayJSON) throws(EtcdError) {
        var keys: [[UInt8]] = []
        for item in j["keys"]?.array ?? [] {
            guard case .string(let s) = item, let k = Base64.decode(s) else { throw GatewayJSON.bad("keys", "base64 bytes") }
            keys.append(k)
        }
        self.init(header: try .from(j), id: try j.int64("ID"), ttl: try j.int64("TTL"),
                  grantedTTL: try j.int64("grantedTTL"), keys: keys)
    }
}
