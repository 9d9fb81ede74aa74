/// A depth-first walk of one bucket's B+tree. It remembers every page it entered, so a damaged
/// child pointer that leads back up the tree (or to a page already read) ends with an error
/// instead of looping, and it refuses trees deeper than bbolt can build.
struct TreeWalk {
    static let maxDepth = 64

    let database: BoltDatabase
    var visited: [UInt64]
    /// When set, subtrees whose keys all precede it are skipped.
    var seek: [UInt8]?
    var releaser: PageReleaser?

    init(database: BoltDatabase) {
        self.database = database
        releaser = database.releasePages ? PageReleaser(file: database.file) : nil
        visited = [UInt64](repeating: 0, count: (database.pageCount + 63) / 64)
    }

    /// Returns false when `body` asked to stop.
    mutating func visit(_ pgid: UInt64, depth: Int, _ body: (LeafElement, UInt64) throws -> Bool) throws -> Bool {
        guard depth < TreeWalk.maxDepth else {
            throw BoltError.corruptPage(pgid: pgid, reason: "tree deeper than \(TreeWalk.maxDepth) levels (a cycle?)")
        }
        let page = try database.page(pgid)
        let word = Int(pgid / 64), bit = UInt64(1) << (pgid % 64)
        // page() checked pgid < pageCount, so the index is in range.
        if visited[word] & bit != 0 {
            throw BoltError.corruptPage(pgid: pgid, reason: "reached twice in one tree (a cycle or a shared child)")
        }
        let pages = Int(page.overflow) + 1
        for p in 0..<pages {
            let id = pgid + UInt64(p)
            visited[Int(id / 64)] |= UInt64(1) << (id % 64)
        }

        if page.isLeaf && !page.isBranch {
            var keepGoing = true
            try database.walkLeaf(page) { e, p in
                keepGoing = try body(e, p)
                return keepGoing
            }
            releaser?.add(page.start..<(page.start + page.span))
            return keepGoing
        }
        guard page.isBranch else {
            throw BoltError.corruptPage(pgid: pgid, reason: "expected a branch or leaf page, found flags 0x\(String(page.flags.rawValue, radix: 16))")
        }
        try page.checkElements()
        guard page.count > 0 else { throw BoltError.corruptPage(pgid: pgid, reason: "empty branch page") }
        var first = 0
        if let seek {
            // The last child whose first key is ≤ seek holds the first wanted key.
            var lo = 0, hi = page.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                let e = try BranchElement(page: page, index: mid, in: database.bytes)
                if seek.lexicographicallyPrecedes(e.key) { hi = mid - 1 } else { lo = mid }
            }
            first = lo
        }
        for i in first..<page.count {
            let element = try BranchElement(page: page, index: i, in: database.bytes)
            if try !visit(element.child, depth: depth + 1, body) { return false }
        }
        return true
    }
}

/// Collects the file ranges of leaf pages a walk is done with and unmaps them in large
/// contiguous runs (one madvise per run rather than per page).
final class PageReleaser {
    static let batchBytes = 8 << 20
    let file: MappedFile
    var run: Range<Int>?

    init(file: MappedFile) { self.file = file }

    func add(_ range: Range<Int>) {
        if let r = run, r.upperBound == range.lowerBound, r.count < PageReleaser.batchBytes {
            run = r.lowerBound..<range.upperBound
            return
        }
        flush()
        run = range
    }

    func flush() {
        if let r = run { file.release(r) }
        run = nil
    }
}
