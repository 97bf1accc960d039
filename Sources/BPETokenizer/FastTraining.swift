import Numerics

extension BytePairEncoding {
    // listing: fast-training
    /// The same merges as `train`, in the same order with the same ties, without recounting
    /// every pair for every merge. Pair counts are kept up to date incrementally: a merge only
    /// changes the chunks that contain its pair, so only their pairs are recounted, and a
    /// max-heap of (count, pair) gives the next most frequent pair (entries whose count has
    /// changed since they were pushed are skipped when they surface). Among equally frequent
    /// pairs the one seen first in the current sequence wins, as in `train`: its first chunk,
    /// then its first position there. Throws as `train`.
    public static func trainFast(on text: String, mergeCount: Int, split: Split = .pattern(.gpt4), specialTokens: [String] = [],
                                 allowFewerMerges: Bool = false) throws -> BytePairEncoding {
        try ArgumentError.requireAtLeast(0, mergeCount, "mergeCount")
        var state = try PairCountState(text: text, split: split, specialTokens: specialTokens)
        var merges: [Pair] = []
        while merges.count < mergeCount {
            guard let best = state.mostFrequentPair() else {
                guard allowFewerMerges else {
                    throw ArgumentError(parameter: "mergeCount", value: "\(mergeCount)",
                                        allowed: "the text has pairs for only \(merges.count) merges; pass allowFewerMerges: true to accept fewer")
                }
                break
            }
            state.merge(best, into: 256 + merges.count)
            merges.append(best)
        }
        return try BytePairEncoding(merges: merges, split: split, specialTokens: specialTokens)
    }
    // end listing
}

/// The distinct chunks with their counts, and for every adjacent pair its total count and the
/// chunks that hold it.
struct PairCountState {
    typealias Pair = BytePairEncoding.Pair
    var chunks: [[Int]] = []
    var weights: [Int] = []
    var counts: [Pair: Int] = [:]
    var holders: [Pair: Set<Int>] = [:]
    var heap = MaxHeap()

    init(text: String, split: BytePairEncoding.Split, specialTokens: [String]) throws {
        (chunks, weights) = try BytePairEncoding.distinctChunks(of: text, split: split, specialTokens: specialTokens)
        for (i, chunk) in chunks.enumerated() { add(chunk, at: i) }
        for (pair, count) in counts { heap.push(count, pair) }
    }

    /// Adds (or with `sign` −1 removes) the pairs of `chunk`, chunk number `i`.
    mutating func add(_ chunk: [Int], at i: Int, sign: Int = 1) {
        for (a, b) in zip(chunk, chunk.dropFirst()) {
            let pair = Pair(a, b)
            counts[pair, default: 0] += sign * weights[i]
            if sign > 0 { holders[pair, default: []].insert(i) } else { holders[pair]?.remove(i) }
        }
    }

    /// The most frequent pair, the first seen among equals; nil when no pair is left.
    mutating func mostFrequentPair() -> Pair? {
        var top: [Pair] = [], topCount = 0
        while let (count, pair) = heap.peek(), count > 0, top.isEmpty || count == topCount {
            heap.pop()
            guard counts[pair] == count, !top.contains(pair) else { continue }   // stale or repeated entry
            top.append(pair)
            topCount = count
        }
        guard !top.isEmpty else { return nil }
        let best = top.min { firstSeen($0) < firstSeen($1) }!
        for pair in top where pair != best { heap.push(topCount, pair) }
        return best
    }

    /// Where `pair` first occurs in the current sequence: (chunk, position).
    func firstSeen(_ pair: Pair) -> (Int, Int) {
        let chunk = holders[pair]!.min()!, tokens = chunks[chunk]
        let position = zip(tokens, tokens.dropFirst()).enumerated().first { $0.element == (pair.first, pair.second) }!.offset
        return (chunk, position)
    }

    /// Replaces `pair` by `token` in every chunk that holds it, recounting only those chunks.
    mutating func merge(_ pair: Pair, into token: Int) {
        var changed = Set<Pair>()
        for i in holders[pair] ?? [] {
            let old = chunks[i], new = BytePairEncoding.merge(pair, into: token, in: old)
            add(old, at: i, sign: -1)
            add(new, at: i)
            chunks[i] = new
            for (a, b) in zip(old, old.dropFirst()) { changed.insert(Pair(a, b)) }
            for (a, b) in zip(new, new.dropFirst()) { changed.insert(Pair(a, b)) }
        }
        for changedPair in changed {
            let count = counts[changedPair] ?? 0
            if count > 0 { heap.push(count, changedPair) } else { counts[changedPair] = nil; holders[changedPair] = nil }
        }
    }
}

/// A binary max-heap of (count, pair), the largest count at the top.
struct MaxHeap {
    private var items: [(count: Int, pair: BytePairEncoding.Pair)] = []

    func peek() -> (Int, BytePairEncoding.Pair)? { items.first.map { ($0.count, $0.pair) } }

    mutating func push(_ count: Int, _ pair: BytePairEncoding.Pair) {
        items.append((count, pair))
        var child = items.count - 1
        while child > 0, items[(child - 1) / 2].count < items[child].count {
            items.swapAt(child, (child - 1) / 2)
            child = (child - 1) / 2
        }
    }

    mutating func pop() {
        items.swapAt(0, items.count - 1)
        items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var largest = parent
            if left < items.count, items[left].count > items[largest].count { largest = left }
            if right < items.count, items[right].count > items[largest].count { largest = right }
            guard largest != parent else { return }
            items.swapAt(parent, largest)
            parent = largest
        }
    }
}
