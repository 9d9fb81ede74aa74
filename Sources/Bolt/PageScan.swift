/// Reads leaf pages directly, one page after another, without trusting the meta pages or the
/// tree: the basis of salvage. Every page is judged on its own; a damaged page is counted and
/// skipped.
public enum PageScan {
    public struct Summary: Sendable, Equatable {
        public var pages = 0
        public var leafPages = 0
        /// Pages with a valid header whose elements point outside the page.
        public var damagedPages: [UInt64] = []
        /// Pages whose header is not a bbolt header for that position: damaged headers, or the
        /// stale tail of a freed overflow run (which cannot be told apart without the tree).
        public var unrecognizedPages: [UInt64] = []
        public var unreadablePages: Int { damagedPages.count + unrecognizedPages.count }
        public var pageSize = 0
    }

    /// The page size from whichever meta page is valid; 4096 when neither is.
    public static func pageSize(of bytes: UnsafeRawBufferPointer) -> Int {
        if case let .success(m) = Meta.read(pageIndex: 0, pageSize: 0, in: bytes) { return m.pageSize }
        for size in [4096, 8192, 16384, 65536] {
            if case let .success(m) = Meta.read(pageIndex: 1, pageSize: size, in: bytes), m.pageSize == size { return size }
        }
        return 4096
    }

    /// Calls `body` for every leaf element that lies inside its page, in page order.
    public static func leafElements(in file: MappedFile, _ body: (LeafElement, UInt64) -> Void) -> Summary {
        let all = file.bytes
        let bytes = SnapshotTrailer.present(fileSize: all.count)
            ? UnsafeRawBufferPointer(rebasing: all[0..<(all.count - SnapshotTrailer.size)]) : all
        let ps = pageSize(of: bytes)
        var summary = Summary()
        summary.pageSize = ps
        let count = bytes.count / ps
        summary.pages = count
        var index = 2
        while index < count {
            let pgid = UInt64(index)
            let start = index * ps
            defer { index += 1 }
            guard let head = try? Page(pgid: pgid, start: start, span: ps, in: bytes) else {
                summary.unrecognizedPages.append(pgid)
                continue
            }
            if head.storedID == 0 && head.flags.rawValue == 0 { continue }  // never written
            guard head.storedID == pgid else { summary.unrecognizedPages.append(pgid); continue }
            let known: Page.Flags = [.branch, .leaf, .meta, .freelist]
            guard !head.flags.isEmpty, known.contains(head.flags) else { summary.unrecognizedPages.append(pgid); continue }
            let span = (Int(head.overflow) + 1) * ps
            guard start + span <= bytes.count else { summary.damagedPages.append(pgid); continue }
            index += Int(head.overflow)  // overflow pages hold this page's data, not headers
            guard head.isLeaf, !head.isBranch else { continue }
            summary.leafPages += 1
            guard let page = try? Page(pgid: pgid, start: start, span: span, in: bytes), (try? page.checkElements()) != nil else {
                summary.damagedPages.append(pgid)
                continue
            }
            var damaged = false
            for i in 0..<page.count {
                if let e = try? LeafElement(page: page, index: i, in: bytes) { body(e, pgid) } else { damaged = true }
            }
            if damaged { summary.damagedPages.append(pgid) }
        }
        return summary
    }
}
