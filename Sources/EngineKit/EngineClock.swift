import EngineStore
import Synchronization

/// Simulated wall time for the engine: nanoseconds since the Unix epoch, moved only by the engine.
/// Everything the cluster stamps (creationTimestamp, managedFields times, lease renewals, event
/// names) reads this clock, and the store's lease expiry runs on it too.
public final class EngineClock: StoreClock {
    private let now: Mutex<Int64>

    /// 2026-06-01T08:00:00Z: a fixed start, so that runs do not depend on the day they happen.
    public static let defaultStart: Int64 = 1_780_300_800 * 1_000_000_000

    public init(unixNanoseconds: Int64 = EngineClock.defaultStart) { now = Mutex(unixNanoseconds) }

    public func nanoseconds() -> Int64 { now.withLock { $0 } }

    public var unixNanoseconds: Int64 { nanoseconds() }

    public func advance(nanoseconds: Int64) {
        now.withLock { $0 += max(0, nanoseconds) }
    }

    public func advance(seconds: Double) {
        advance(nanoseconds: Int64(max(0, seconds) * 1e9))
    }

    /// Moves the clock to `target` if it is later.
    public func advance(to target: Int64) {
        now.withLock { $0 = max($0, target) }
    }

    /// metav1.Time form: second precision, `Z`.
    public func timestamp() -> String { RFC3339.seconds(unixNanoseconds) }

    /// metav1.MicroTime form: six fractional digits, `Z`.
    public func microTimestamp() -> String { RFC3339.micros(unixNanoseconds) }
}

/// RFC 3339 text in the two forms Kubernetes stores (Time and MicroTime), always UTC.
public enum RFC3339 {
    public static func seconds(_ unixNanoseconds: Int64) -> String {
        let (secs, _) = split(unixNanoseconds)
        return civil(secs) + "Z"
    }

    public static func micros(_ unixNanoseconds: Int64) -> String {
        let (secs, nanos) = split(unixNanoseconds)
        let micros = nanos / 1000
        var fraction = String(micros)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        return civil(secs) + "." + fraction + "Z"
    }

    private static func split(_ n: Int64) -> (Int64, Int64) {
        let secs = n >= 0 ? n / 1_000_000_000 : (n - 999_999_999) / 1_000_000_000
        return (secs, n - secs * 1_000_000_000)
    }

    /// `YYYY-MM-DDTHH:MM:SS` from seconds since the epoch (days-to-civil over 400-year eras).
    private static func civil(_ secs: Int64) -> String {
        let days = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        let secOfDay = secs - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var y = String(year)
        if y.count < 4 { y = String(repeating: "0", count: 4 - y.count) + y }
        return "\(y)-\(two(month))-\(two(day))T\(two(secOfDay / 3600)):\(two(secOfDay / 60 % 60)):\(two(secOfDay % 60))"
    }
}
