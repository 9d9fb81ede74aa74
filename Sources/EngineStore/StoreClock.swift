import Synchronization

/// The store's only notion of time, used for lease expiry. The engine passes a simulated clock;
/// the store itself never reads the wall clock, which keeps runs reproducible.
public protocol StoreClock: Sendable {
    /// Nanoseconds since an arbitrary origin; must never go backwards.
    func nanoseconds() -> Int64
}

/// A clock that moves only when told to.
public final class ManualClock: StoreClock {
    private let now: Mutex<Int64>

    public init(nanoseconds: Int64 = 0) { now = Mutex(nanoseconds) }

    public func nanoseconds() -> Int64 { now.withLock { $0 } }

    /// Negative, NaN or absurdly large steps are clamped: the clock never goes back or traps.
    public func advance(seconds: Double) {
        let nanos = seconds * 1e9
        advance(nanoseconds: nanos.isNaN || nanos <= 0 ? 0 : (nanos >= 9e18 ? Int64.max : Int64(nanos)))
    }

    public func advance(nanoseconds: Int64) {
        now.withLock { value in
            let sum = value.addingReportingOverflow(max(0, nanoseconds))
            value = sum.overflow ? .max : sum.partialValue
        }
    }
}
