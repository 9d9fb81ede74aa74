import GoJSON
import GoYAML

/// go-yaml's key order is not a strict weak order for some key sets (digit-run rules make it
/// intransitive, e.g. around numbers that overflow int64 or mixed leading zeros). Go sorts map
/// keys taken in random map-iteration order, so for such sets Go's own output changes from run
/// to run; tests compare those documents by structure instead of bytes.
enum KeyOrderAmbiguity {
    static func containsAmbiguousObject(_ value: JSONValue) -> Bool {
        switch value {
        case .array(let items): return items.contains(where: containsAmbiguousObject)
        case .object(let members):
            var seen = Set<String>()
            let keys = members.map(\.key).filter { seen.insert($0).inserted }
            return !isStrictWeakOrder(keys) || members.contains { containsAmbiguousObject($0.value) }
        default: return false
        }
    }

    static func isStrictWeakOrder(_ keys: [String]) -> Bool {
        let n = keys.count
        var less = [[Bool]](repeating: [Bool](repeating: false, count: n), count: n)
        for i in 0..<n {
            for j in 0..<n where i != j { less[i][j] = goYAMLKeyLess(keys[i], keys[j]) }
        }
        for i in 0..<n {
            for j in 0..<n where i != j {
                // Distinct keys must be ordered one way exactly (no ties: Go's output would
                // depend on the map iteration order).
                if less[i][j] == less[j][i] { return false }
                guard less[i][j] else { continue }
                for k in 0..<n where k != i && k != j && less[j][k] && !less[i][k] { return false }
            }
        }
        return true
    }
}
