extension BoltDatabase {
    /// The leaf pages a bucket's tree reaches, walking past damaged subtrees instead of stopping
    /// at the first one (for salvage: records on pages the tree does not reach are stale copies
    /// in freed pages). Returns the pages and the errors met.
    public func reachableLeafPages(in bucket: Bucket) -> (pages: Set<UInt64>, errors: [BoltError]) {
        var pages = Set<UInt64>()
        var errors: [BoltError] = []
        var seen = Set<UInt64>()
        func visit(_ pgid: UInt64, depth: Int) {
            guard depth < TreeWalk.maxDepth, seen.insert(pgid).inserted else {
                errors.append(.corruptPage(pgid: pgid, reason: "reached twice or too deep"))
                return
            }
            do {
                let page = try self.page(pgid)
                try page.checkElements()
                if page.isLeaf && !page.isBranch {
                    pages.insert(pgid)
                    return
                }
                guard page.isBranch else { throw BoltError.corruptPage(pgid: pgid, reason: "neither branch nor leaf") }
                for i in 0..<page.count {
                    let child: UInt64
                    do { child = try BranchElement(page: page, index: i, in: bytes).child } catch {
                        errors.append(error)
                        continue
                    }
                    visit(child, depth: depth + 1)
                }
            } catch let e as BoltError {
                errors.append(e)
            } catch {}
        }
        if bucket.inlinePage == nil { visit(bucket.rootPgid, depth: 0) }
        return (pages, errors)
    }
}
