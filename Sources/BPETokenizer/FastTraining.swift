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

/// The distinct chunks with their counts, and for every adjacent pair its total count and how
/// often it occurs in each chunk that holds it.
struct PairCountState {
    typealias Pair = BytePairEncoding.Pair
    var chunks: [[Int]] = []
    var weights: [Int] = []
    var counts: [Pair: Int] = [:]
    /// holders[pair][chunk] = occurrences of `pair` in that chunk (only chunks that hold it).
    var holders: [Pair: [Int: Int]] = [:]
    /// (count, pair), the largest count first.
    var heap = PriorityHeap<(count: Int, pair: Pair)> { $0.count > $1.count }

    init(text: String, split: BytePairEncoding.Split, specialTokens: [String]) throws {
        (chunks, weights) = try BytePairEncoding.distinctChunks(of: text, split: split, specialTokens: specialTokens)
        for (i, chunk) in chunks.enumerated() { add(chunk[...], in: i, sign: 1) }
        for (pair, count) in counts { heap.push((count, pair)) }
    }

    /// Adds (`sign` 1) or removes (−1) the pairs of `tokens`, a stretch of chunk number `i`.
    mutating func add(_ tokens: ArraySlice<Int>, in i: Int, sign: Int) {
        for (a, b) in zip(tokens, tokens.dropFirst()) {
            let pair = Pair(a, b)
            counts[pair, default: 0] += sign * weights[i]
            let occurrences = (holders[pair]?[i] ?? 0) + sign
            holders[pair, default: [:]][i] = occurrences == 0 ? nil : occurrences
        }
    }

    /// The most frequent pair, the first seen among equals; nil when no pair is left.
    mutating func mostFrequentPair() -> Pair? {
        var top: [Pair] = [], topCount = 0
        while let (count, pair) = heap.first, count > 0, top.isEmpty || count == topCount {
            heap.pop()
            guard counts[pair] == count, !top.contains(pair) else { continue }   // stale or repeated entry
            top.append(pair)
            topCount = count
        }
        guard !top.isEmpty else { return nil }
        let best = top.min { firstSeen($0) < firstSeen($1) }!
        for pair in top where pair != best { heap.push((topCount, pair)) }
        return best
    }

    /// Where `pair` first occurs in the current sequence: (chunk, position).
    func firstSeen(_ pair: Pair) -> (Int, Int) {
        let chunk = holders[pair]!.keys.min()!, tokens = chunks[chunk]
        let position = zip(tokens, tokens.dropFirst()).enumerated().first { $0.element == (pair.first, pair.second) }!.offset
        return (chunk, position)
    }

    /// Replaces `pair` by `token` in every chunk that holds it. Only the pairs next to a merge
    /// change, so each run of adjacent merges is recounted with one neighbour on either side:
    /// its old pairs removed, its new pairs added. Long chunks (raw-byte mode, where the whole
    /// text is one chunk) then cost what their merges cost, not their length.
    mutating func merge(_ pair: Pair, into token: Int) {
        var changed = Set<Pair>()
        for i in (holders[pair] ?? [:]).keys {
            let old = chunks[i]
            var new: [Int] = [], position = 0
            new.reserveCapacity(old.count)
            while position < old.count {
                guard position + 1 < old.count, old[position] == pair.first, old[position + 1] == pair.second else {
                    new.append(old[position]); position += 1; continue
                }
                let oldStart = max(position - 1, 0), newStart = max(new.count - 1, 0)
                while position + 1 < old.count, old[position] == pair.first, old[position + 1] == pair.second {
                    new.append(token); position += 2
                }
                if position < old.count { new.append(old[position]); position += 1 }   // the right neighbour
                let oldStretch = old[oldStart..<position], newStretch = new[newStart...]
                add(oldStretch, in: i, sign: -1)
                add(newStretch, in: i, sign: 1)
                for (a, b) in zip(oldStretch, oldStretch.dropFirst()) { changed.insert(Pair(a, b)) }
                for (a, b) in zip(newStretch, newStretch.dropFirst()) { changed.insert(Pair(a, b)) }
            }
            chunks[i] = new
        }
        for changedPair in changed {
            let count = counts[changedPair] ?? 0
            if count > 0 { heap.push((count, changedPair)) } else { counts[changedPair] = nil; holders[changedPair] = nil }
        }
    }
}
