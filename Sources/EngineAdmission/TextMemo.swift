import Synchronization

/// Remembers a pure function's answer per input text. Clusters repeat a handful of quantities
/// ("100m", "128Mi") across thousands of pods, and the Decimal arithmetic behind them is slow.
/// Bounded: the table is emptied when it grows past `limit` entries.
final class TextMemo<Value: Sendable>: Sendable {
    private struct Entry { var value: Value? }
    private let table = Mutex<[String: Entry]>([:])
    private let limit: Int

    init(limit: Int = 4096) { self.limit = limit }

    func value(for text: String, _ compute: (String) -> Value?) -> Value? {
        if let known = table.withLock({ $0[text] }) { return known.value }
        let result = compute(text)
        table.withLock { t in
            if t.count > limit { t.removeAll() }
            t[text] = Entry(value: result)
        }
        return result
    }
}
