/// A unified line diff (longest common subsequence, 3 lines of context), for comparing two
/// revisions of one object as the printer renders them.
public enum HistoryLineDiff {
    public enum Edit: Equatable { case same(String), removed(String), added(String) }

    /// The edit script turning `a` into `b`.
    public static func edits(_ a: [String], _ b: [String]) -> [Edit] {
        // Common head and tail are cheap to peel off and keep the table small.
        var head = 0
        while head < a.count && head < b.count && a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < a.count - head && tail < b.count - head && a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        let x = Array(a[head..<(a.count - tail)]), y = Array(b[head..<(b.count - tail)])
        let n = x.count, m = y.count
        var table = [Int32](repeating: 0, count: (n + 1) * (m + 1))
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    table[i * (m + 1) + j] = x[i] == y[j] ? table[(i + 1) * (m + 1) + j + 1] + 1
                        : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
                }
            }
        }
        var out = a[0..<head].map { Edit.same($0) }
        var i = 0, j = 0
        while i < n || j < m {
            if i < n && j < m && x[i] == y[j] {
                out.append(.same(x[i])); i += 1; j += 1
            } else if i < n && (j == m || table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1]) {
                // Removals first, as diff(1) prints them.
                out.append(.removed(x[i])); i += 1
            } else {
                out.append(.added(y[j])); j += 1
            }
        }
        out += a[(a.count - tail)...].map { Edit.same($0) }
        return out
    }

    /// Unified format with `context` lines around each change; empty when equal.
    public static func unified(_ a: [String], _ b: [String], from: String, to: String, context: Int = 3) -> String {
        let script = edits(a, b)
        let changed = script.indices.filter { if case .same = script[$0] { return false } else { return true } }
        guard !changed.isEmpty else { return "" }
        var out = "--- \(from)\n+++ \(to)\n"
        var k = 0
        while k < changed.count {
            let start = max(0, changed[k] - context)
            var end = min(script.count, changed[k] + context + 1)
            while k + 1 < changed.count && changed[k + 1] - context <= end {
                k += 1
                end = min(script.count, changed[k] + context + 1)
            }
            // Line numbers of the hunk's first line in each file.
            var la = 1, lb = 1
            for e in script[0..<start] {
                switch e {
                case .same: la += 1; lb += 1
                case .removed: la += 1
                case .added: lb += 1
                }
            }
            var ca = 0, cb = 0, body = ""
            for e in script[start..<end] {
                switch e {
                case let .same(s): body += " " + s + "\n"; ca += 1; cb += 1
                case let .removed(s): body += "-" + s + "\n"; ca += 1
                case let .added(s): body += "+" + s + "\n"; cb += 1
                }
            }
            out += "@@ -\(ca == 0 ? la - 1 : la),\(ca) +\(cb == 0 ? lb - 1 : lb),\(cb) @@\n" + body
            k += 1
        }
        return out
    }
}
