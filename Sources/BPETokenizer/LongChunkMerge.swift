extension TiktokenEncoding {
    /// `encodeChunk`'s result in O(n log n) instead of O(n²), for long chunks (a run of 100,000
    /// spaces is one chunk): the parts form a linked list, and a min-heap holds every adjacent
    /// pair's rank with its byte offset, so the lowest rank (the leftmost among equals, as in
    /// `encodeChunk`) comes out first. A pair whose parts have changed since it was pushed is
    /// skipped when it surfaces. Tested equal to `encodeChunk` on the fixture and on long runs.
    public func encodeLongChunk(_ chunk: [UInt8]) -> [Int] {
        if let rank = ranks[chunk] { return [rank] }
        let n = chunk.count
        // Part i covers chunk[start[i]..<end[i]]; next[i] is the following part (n: none).
        var end = Array(1...n), next = Array(1...n), previous = Array(-1..<(n - 1)), alive = Array(repeating: true, count: n)
        // (rank, start, end): the lowest rank first, the leftmost among equals.
        var heap = PriorityHeap<(rank: Int, start: Int, end: Int)> { ($0.rank, $0.start) < ($1.rank, $1.start) }
        func push(_ i: Int) {
            guard next[i] < n, let rank = ranks[Array(chunk[i..<end[next[i]]])] else { return }
            heap.push((rank, i, end[next[i]]))
        }
        for i in 0..<(n - 1) { push(i) }
        while let (_, i, pairEnd) = heap.pop() {
            // Still the same two parts? (i alive, and its pair still ends where it did.)
            guard alive[i], next[i] < n, end[next[i]] == pairEnd else { continue }
            let j = next[i]
            end[i] = end[j]
            alive[j] = false
            next[i] = next[j]
            if next[j] < n { previous[next[j]] = i }
            push(i)
            if previous[i] >= 0 { push(previous[i]) }
        }
        var ids: [Int] = [], i = 0
        while i < n {
            ids.append(ranks[Array(chunk[i..<end[i]])]!)
            i = next[i]
        }
        return ids
    }
}
