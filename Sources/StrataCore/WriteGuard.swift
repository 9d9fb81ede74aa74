import EtcdModel

/// The condition under which a write may go ahead, so that nobody else's change is lost.
public enum WriteGuard: Sendable, Equatable {
    /// Only if the key does not exist (the default for `put`).
    case createOnly
    /// Only if the key's mod revision is still this one (`--if-mod-revision R`).
    case modRevision(Int64)
    /// Unconditionally (`--force`).
    case force

    /// The transaction comparisons that enforce the guard.
    func compares(for key: [UInt8]) -> [Compare] {
        switch self {
        case .createOnly: [Compare(key: key, .equal, .createRevision(0))]
        case .modRevision(let r): [Compare(key: key, .equal, .modRevision(r))]
        case .force: []
        }
    }

    /// Why the guard failed, given the key's current state (nil = the key does not exist).
    func conflictMessage(key: String, current: KeyValue?) -> String {
        switch (self, current) {
        case (.createOnly, let kv?):
            return "\(key) already exists (mod_revision \(kv.modRevision)); use --if-mod-revision \(kv.modRevision) to replace that version, or --force"
        case (.modRevision(let r), let kv?):
            return "\(key) has changed: its mod_revision is \(kv.modRevision), not \(r); nothing was written"
        case (.modRevision(let r), nil):
            return "\(key) does not exist (expected mod_revision \(r)); nothing was written"
        default:
            return "the write to \(key) was refused by its guard"
        }
    }
}
