import Synchronization

/// A value behind a lock that escaping `@Sendable` closures can capture (a `Mutex` itself is
/// non-copyable and cannot be captured by them).
final class LockedBox<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R {
        try mutex.withLock { (v: inout Value) throws(E) -> R in try body(&v) }
    }
}
