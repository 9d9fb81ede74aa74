/// Where every node of one bucket's page tree goes, decided before anything is written so the
/// file can be allocated once at its final size.
struct BoltTreePlan {
    struct Node {
        /// Leaf level: entry indices. Branch levels: indices of child nodes in the level below.
        let elements: Range<Int>
        /// The bucket entry whose key is the node's first key (what its parent's element holds).
        let firstEntry: Int
        let pages: Int
        let pgid: UInt64
    }

    /// `levels[0]` are the leaves; the last level holds the root alone.
    private(set) var levels: [[Node]] = []
    var rootPgid: UInt64 { levels.last?.first?.pgid ?? 0 }

    /// Plans the tree, taking page ids from `nextPgid` on.
    init(bucket: BoltBucketContent, pageSize: Int, nextPgid: inout UInt64) {
        let leafSizes = (0..<bucket.count).map { BoltFormat.elementSize + bucket.elementDataSize($0) }
        var level = Self.place(BoltNodeSplit.nodes(elementSizes: leafSizes, pageSize: pageSize, fillPercent: bucket.fillPercent),
                               sizes: leafSizes, firstEntry: { $0 }, pageSize: pageSize, nextPgid: &nextPgid)
        levels.append(level)
        while level.count > 1 {
            let children = level
            let sizes = children.map { BoltFormat.elementSize + bucket.keyRange($0.firstEntry).count }
            level = Self.place(BoltNodeSplit.nodes(elementSizes: sizes, pageSize: pageSize, fillPercent: bucket.fillPercent),
                               sizes: sizes, firstEntry: { children[$0].firstEntry }, pageSize: pageSize, nextPgid: &nextPgid)
            levels.append(level)
        }
    }

    private static func place(_ ranges: [Range<Int>], sizes: [Int], firstEntry: (Int) -> Int, pageSize: Int,
                              nextPgid: inout UInt64) -> [Node] {
        ranges.map { range in
            let size = BoltFormat.pageHeaderSize + sizes[range].reduce(0, +)
            let pages = max(1, (size + pageSize - 1) / pageSize)
            defer { nextPgid += UInt64(pages) }
            return Node(elements: range, firstEntry: range.isEmpty ? 0 : firstEntry(range.lowerBound), pages: pages, pgid: nextPgid)
        }
    }

    /// Writes every planned node into the file image.
    func write(_ bucket: BoltBucketContent, into file: inout BoltPageFile) {
        for (depth, nodes) in levels.enumerated() {
            for node in nodes {
                file.withPage(node.pgid, pages: node.pages) { page in
                    if depth == 0 {
                        BoltPageFile.writeLeaf(bucket, entries: node.elements, pageID: node.pgid,
                                               overflow: UInt32(node.pages - 1), into: page)
                    } else {
                        let children = levels[depth - 1][node.elements].map { ($0.firstEntry, $0.pgid) }
                        BoltPageFile.writeBranch(bucket, children: children, pageID: node.pgid,
                                                 overflow: UInt32(node.pages - 1), into: page)
                    }
                }
            }
        }
    }
}
