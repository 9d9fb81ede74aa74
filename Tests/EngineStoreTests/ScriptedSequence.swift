import Foundation
@testable import EngineStore
import EtcdModel
import EtcdTestSupport

/// One scripted operation, run the same way against the embedded store and a real etcd.
enum ScriptStep {
    struct Compare {
        var target: String // mod, create, version, value
        var key: String
        var op: String // =, !=, <, >
        var operand: String
    }
    enum TxnOp {
        case put(String, String)
        case delete(String)
        case get(String)
    }
    case put(String, String, leaseSlot: Int? = nil)
    case delete(String, prefix: Bool = false)
    case txn([Compare], success: [TxnOp], failure: [TxnOp])
    case grant(slot: Int, ttl: Int64)
    case revoke(slot: Int)
    /// Compacts at the current revision minus `back`.
    case compact(back: Int64)
}

/// What a step returned, in a form both sides can produce.
struct StepOutcome: Equatable, CustomStringConvertible {
    var revision: Int64
    var succeeded: Bool?
    var error: String?
    var description: String { "rev \(revision) succeeded \(succeeded.map(String.init) ?? "-") error \(error ?? "-")" }
}

/// A key as both sides report it, with the lease as a slot number so random etcd ids compare.
struct ComparableKV: Equatable, CustomStringConvertible {
    var key: String, value: String, create: Int64, mod: Int64, version: Int64, leaseSlot: Int?
    var description: String { "\(key)=\(value) c\(create) m\(mod) v\(version) l\(leaseSlot.map(String.init) ?? "-")" }
}

enum RangeOutcome: Equatable {
    case success([ComparableKV])
    case failure(String)
}

struct ComparableEvent: Equatable, CustomStringConvertible {
    var isDelete: Bool, kv: ComparableKV, prev: ComparableKV?
    var description: String { "\(isDelete ? "DELETE" : "PUT") \(kv) prev[\(prev.map(\.description) ?? "")]" }
}

/// Runs steps against the embedded store.
final class EmbeddedSide {
    let store = EmbeddedStore(configuration: .init(seed: 7))
    var leases: [Int: Int64] = [:]

    func slot(of lease: Int64) -> Int? { lease == 0 ? nil : leases.first { $0.value == lease }?.key ?? -1 }

    func run(_ step: ScriptStep) -> StepOutcome {
        do {
            switch step {
            case let .put(k, v, slot):
                let r = try store.put(KVPutRequest(key: Array(k.utf8), value: Array(v.utf8), lease: slot.flatMap { leases[$0] } ?? 0))
                return StepOutcome(revision: r.revision)
            case let .delete(k, prefix):
                let key = Array(k.utf8)
                let r = try store.delete(KVDeleteRequest(key: key, rangeEnd: prefix ? KeyRange.prefixEnd(key) : []))
                return StepOutcome(revision: r.revision)
            case let .txn(compares, success, failure):
                let r = try store.txn(KVTxnRequest(compares: compares.map(Self.compare), success: success.map(Self.op),
                                                   failure: failure.map(Self.op)))
                return StepOutcome(revision: r.revision, succeeded: r.succeeded)
            case let .grant(slot, ttl):
                let lease = try store.leaseGrant(ttl: ttl)
                leases[slot] = lease.id
                return StepOutcome(revision: store.currentRevision())
            case let .revoke(slot):
                return StepOutcome(revision: try store.leaseRevoke(leases[slot] ?? 0).revision)
            case let .compact(back):
                return StepOutcome(revision: try store.compact(store.currentRevision() - back))
            }
        } catch {
            return StepOutcome(revision: store.currentRevision(), error: error.description)
        }
    }

    func get(prefix: String, revision: Int64) -> RangeOutcome {
        do {
            let r = try store.range(.prefix(Array(prefix.utf8), revision: revision))
            return .success(r.kvs.map { kv in
                ComparableKV(key: kv.keyString, value: String(decoding: kv.value, as: UTF8.self), create: kv.createRevision,
                             mod: kv.modRevision, version: kv.version, leaseSlot: slot(of: kv.lease))
            })
        } catch {
            return .failure(error.description)
        }
    }

    static func compare(_ c: ScriptStep.Compare) -> KVCompare {
        let result: KVCompare.Result = switch c.op {
        case "=": .equal
        case "!=": .notEqual
        case "<": .less
        default: .greater
        }
        let n = Int64(c.operand) ?? 0
        let target: KVCompare.Target = switch c.target {
        case "mod": .modRevision(n)
        case "create": .createRevision(n)
        case "version": .version(n)
        default: .value(Array(c.operand.utf8))
        }
        return KVCompare(key: Array(c.key.utf8), result, target)
    }

    static func op(_ o: ScriptStep.TxnOp) -> KVOp {
        switch o {
        case let .put(k, v): .put(KVPutRequest(key: Array(k.utf8), value: Array(v.utf8)))
        case let .delete(k): .delete(KVDeleteRequest(key: Array(k.utf8)))
        case let .get(k): .range(KVRangeRequest(key: Array(k.utf8)))
        }
    }
}

/// Runs the same steps against a real etcd through etcdctl.
final class EtcdSide {
    let etcd: EtcdProcess
    var leases: [Int: Int64] = [:]
    init(_ etcd: EtcdProcess) { self.etcd = etcd }

    func slot(of lease: Int64) -> Int? { lease == 0 ? nil : leases.first { $0.value == lease }?.key ?? -1 }

    func ctl(_ args: [String], stdin: String? = nil) throws -> (Int32, String, String) {
        let path = try EtcdCtl.etcdctlPath
        if let stdin {
            do {
                let out = try etcd.etcdctl(args, stdin: Data(stdin.utf8))
                return (0, String(decoding: out, as: UTF8.self), "")
            } catch {
                return (1, "", "\(error)")
            }
        }
        return try EtcdCtl.run([path, "--endpoints", etcd.endpoint] + args)
    }

    func headRevision() throws -> Int64 {
        let (_, out, _) = try ctl(["get", "/", "--limit=1", "-w", "json"])
        return EtcdCtl.revision(try EtcdCtl.json(Data(out.utf8)))
    }

    func run(_ step: ScriptStep) throws -> StepOutcome {
        switch step {
        case let .put(k, v, slot):
            var args = ["put", k, v, "-w", "json"]
            if let slot, let id = leases[slot] { args.append("--lease=" + String(UInt64(bitPattern: id), radix: 16)) }
            return try outcome(ctl(args))
        case let .delete(k, prefix):
            return try outcome(ctl(["del", k, "-w", "json"] + (prefix ? ["--prefix"] : [])))
        case let .txn(compares, success, failure):
            func line(_ o: ScriptStep.TxnOp) -> String {
                switch o {
                case let .put(k, v): "put \(k) \(v)"
                case let .delete(k): "del \(k)"
                case let .get(k): "get \(k)"
                }
            }
            let text = compares.map { "\($0.target)(\"\($0.key)\") \($0.op) \"\($0.operand)\"" }.joined(separator: "\n")
                + "\n\n" + success.map(line).joined(separator: "\n") + "\n\n" + failure.map(line).joined(separator: "\n") + "\n\n"
            let result = try ctl(["txn", "-w", "json"], stdin: text)
            var o = try outcome(result)
            if result.0 == 0 { o.succeeded = (try EtcdCtl.json(Data(result.1.utf8))["succeeded"] as? Bool) ?? false }
            return o
        case let .grant(slot, ttl):
            let (code, out, err) = try ctl(["lease", "grant", "\(ttl)"])
            guard code == 0, let hex = out.split(separator: " ").dropFirst().first, let id = UInt64(hex, radix: 16) else {
                throw TestFailure("lease grant failed: \(out) \(err)")
            }
            leases[slot] = Int64(bitPattern: id)
            return StepOutcome(revision: try headRevision())
        case let .revoke(slot):
            let (code, out, err) = try ctl(["lease", "revoke", String(UInt64(bitPattern: leases[slot] ?? 0), radix: 16)])
            guard code == 0 else { return StepOutcome(revision: try headRevision(), error: Self.etcdError(err)) }
            _ = out
            return StepOutcome(revision: try headRevision())
        case let .compact(back):
            let (code, _, err) = try ctl(["compaction", "\(try headRevision() - back)"])
            return StepOutcome(revision: try headRevision(), error: code == 0 ? nil : Self.etcdError(err))
        }
    }

    private func outcome(_ result: (Int32, String, String)) throws -> StepOutcome {
        guard result.0 == 0 else { return StepOutcome(revision: try headRevision(), error: Self.etcdError(result.2)) }
        return StepOutcome(revision: EtcdCtl.revision(try EtcdCtl.json(Data(result.1.utf8))))
    }

    /// etcdctl prints `Error: etcdserver: mvcc: ...`; the store's messages are the part after the prefixes.
    static func etcdError(_ stderr: String) -> String {
        var text = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        if let r = text.range(of: "Error: ") { text = String(text[r.upperBound...]) }
        if text.hasPrefix("etcdserver: mvcc: ") { text = String(text.dropFirst("etcdserver: ".count)) }
        if let newline = text.firstIndex(of: "\n") { text = String(text[..<newline]) }
        // etcdctl wraps some errors: `failed to revoke lease (etcdserver: ...)`.
        if let open = text.firstIndex(of: "("), text.hasSuffix(")") {
            text = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        }
        return text
    }

    func get(prefix: String, revision: Int64) throws -> RangeOutcome {
        var args = ["get", prefix, "--prefix", "-w", "json"]
        if revision > 0 { args.append("--rev=\(revision)") }
        let (code, out, err) = try ctl(args)
        guard code == 0 else { return .failure(Self.etcdError(err)) }
        let kvs = (try EtcdCtl.json(Data(out.utf8))["kvs"] as? [[String: Any]]) ?? []
        return .success(kvs.map(comparable))
    }

    func comparable(_ kv: [String: Any]) -> ComparableKV {
        ComparableKV(key: String(decoding: EtcdCtl.bytes(kv["key"]), as: UTF8.self),
                     value: String(decoding: EtcdCtl.bytes(kv["value"]), as: UTF8.self),
                     create: EtcdCtl.int(kv["create_revision"]), mod: EtcdCtl.int(kv["mod_revision"]),
                     version: EtcdCtl.int(kv["version"]), leaseSlot: slot(of: EtcdCtl.int(kv["lease"])))
    }

    /// Collects what `etcdctl watch` prints for about `seconds`, then stops it.
    func watchEvents(prefix: String, from revision: Int64, seconds: Double) throws -> [ComparableEvent] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try EtcdCtl.etcdctlPath)
        p.arguments = ["--endpoints", etcd.endpoint, "watch", prefix, "--prefix", "--prev-kv", "--rev=\(revision)", "-w", "json"]
        p.environment = ["ETCDCTL_API": "3"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: seconds)
        p.terminate()
        p.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        var events: [ComparableEvent] = []
        for line in text.split(separator: "\n") where line.hasPrefix("{") {
            let response = try EtcdCtl.json(Data(line.utf8))
            for event in (response["Events"] as? [[String: Any]]) ?? [] {
                let kv = comparable(event["kv"] as? [String: Any] ?? [:])
                let prev = (event["prev_kv"] as? [String: Any]).map(comparable)
                events.append(ComparableEvent(isDelete: EtcdCtl.int(event["type"]) == 1, kv: kv, prev: prev))
            }
        }
        return events
    }
}
