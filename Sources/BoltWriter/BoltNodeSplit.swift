/// Splits a run of elements into nodes the way bbolt's `node.split` does, so a written tree has
/// the shape bbolt itself would give it: a node is cut once it passes `fillPercent` of a page, but
/// never below two elements, so huge values become multi-page (overflow) nodes.
enum BoltNodeSplit {
    /// `elementSizes[i]` is the element header plus key plus value of element `i`.
    static func nodes(elementSizes: [Int], pageSize: Int, fillPercent: Double) -> [Range<Int>] {
        let count = elementSizes.count
        if count == 0 { return [0..<0] }
        var prefix = [Int](repeating: 0, count: count + 1)
        for i in 0..<count { prefix[i + 1] = prefix[i] + elementSizes[i] }
        let fill = min(max(fillPercent, 0.1), 1.0)
        let threshold = Int(Double(pageSize) * fill)
        let minKeys = BoltFormat.minKeysPerPage

        var result: [Range<Int>] = []
        var start = 0
        while true {
            let remaining = count - start
            let remainingSize = BoltFormat.pageHeaderSize + prefix[count] - prefix[start]
            if remaining <= minKeys * 2 || remainingSize < pageSize {
                result.append(start..<count)
                return result
            }
            var size = BoltFormat.pageHeaderSize
            var index = start
            // Mirrors bbolt: the cut falls before the element that would pass the threshold, and
            // at least `minKeys` elements stay on the right.
            for i in start..<(count - minKeys) {
                index = i
                let element = elementSizes[i]
                if i - start >= minKeys && size + element > threshold { break }
                size += element
            }
            result.append(start..<index)
            start = index
        }
    }
}
