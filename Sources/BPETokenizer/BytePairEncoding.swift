import Foundation
import Numerics

/// A byte-level byte-pair-encoding tokenizer trained by minbpe's procedures. Tokens 0…255 are
/// the bytes; each merge adds one token made of two earlier ones; special tokens come after
/// the merges. `split` says how text is cut before merging: not at all (minbpe's
/// BasicTokenizer, raw bytes) or by GPT-2's or GPT-4's pattern (its RegexTokenizer).
public struct BytePairEncoding: Equatable, Sendable {
    public struct Pair: Hashable, Comparable, Sendable {
        public let first: Int, second: Int
        public init(_ first: Int, _ second: Int) { self.first = first; self.second = second }
        public static func < (a: Pair, b: Pair) -> Bool { (a.first, a.second) < (b.first, b.second) }
    }

    /// How text is cut into chunks before merging.
    public enum Split: Equatable, Sendable {
        /// The whole text is one sequence of bytes (minbpe's BasicTokenizer).
        case none
        /// Chunks of a regular expression (minbpe's RegexTokenizer).
        case pattern(SplitPattern)

        /// The chunks merges stay within, as byte sequences.
        func chunks(_ piece: ArraySlice<UInt8>) -> [[Int]] {
            switch self {
            case .none: [piece.map(Int.init)]
            case .pattern(let pattern): pattern.chunks(of: String(decoding: piece, as: UTF8.self)).map { $0.map(Int.init) }
            }
        }
    }

    /// Merge i creates token 256 + i.
    public private(set) var merges: [Pair]
    public let split: Split
    /// The bytes each token stands for (special tokens: their UTF-8 text).
    public private(set) var tokenBytes: [[UInt8]]
    /// Each merge's position in the list: lower ranks are applied first when encoding.
    private let rank: [Pair: Int]
    let special: SpecialTokenTable

    /// Throws `ArgumentError` for a merge that uses a token not defined before it (merge i
    /// may use ids below 256 + i) or a special token that is empty or given twice.
    public init(merges: [Pair], split: Split = .pattern(.gpt4), specialTokens: [String] = []) throws {
        for (i, pair) in merges.enumerated() {
            try ArgumentError.requireAll([pair.first, pair.second], in: 0..<(256 + i), "merges[\(i)]", meaning: "earlier token ids")
        }
        special = try SpecialTokenTable(specialTokens, ids: specialTokens.indices.map { 256 + merges.count + $0 })
        self.merges = merges
        self.split = split
        tokenBytes = (0..<256).map { [UInt8($0)] }
        for pair in merges { tokenBytes.append(tokenBytes[pair.first] + tokenBytes[pair.second]) }
        tokenBytes += specialTokens.map { Array($0.utf8) }
        rank = Dictionary(merges.enumerated().map { ($1, $0) }, uniquingKeysWith: min)
    }

    public var vocabularySize: Int { tokenBytes.count }
    public var specialTokens: [String] { special.texts }
    public func specialTokenID(_ text: String) -> Int? { special.id(of: text) }


    // listing: bpe-training
    /// Learns `mergeCount` merges from `text` as minbpe does: cut out the special tokens (no
    /// merge may learn from their text), split the rest into chunks, then repeatedly count
    /// every adjacent pair (overlapping pairs too: "aaa" holds aa twice), merge the most frequent
    /// into a new token everywhere, left to right. Ties go to the pair seen first in the current
    /// sequence, minbpe's rule. Each distinct chunk is counted once, weighted by how often it
    /// occurs: in order of first appearance, so "seen first" is unchanged. Throws
    /// `ArgumentError` for a negative count, and when the text runs out of pairs before
    /// `mergeCount` merges unless `allowFewerMerges` accepts the shorter list.
    public static func train(on text: String, mergeCount: Int, split: Split = .pattern(.gpt4), specialTokens: [String] = [],
                             allowFewerMerges: Bool = false) throws -> BytePairEncoding {
        try ArgumentError.requireAtLeast(0, mergeCount, "mergeCount")
        var (chunks, counts) = try distinctChunks(of: text, split: split, specialTokens: specialTokens)
        // exercise: M7.2 write the training loop: count adjacent pairs weighted by chunk counts, merge the most frequent (ties: seen first), repeat (Chapter 7, training)
        var merges: [Pair] = []
        while merges.count < mergeCount {
            var pairCounts: [Pair: (count: Int, firstSeen: Int)] = [:]
            for (chunk, count) in zip(chunks, counts) {
                for (a, b) in zip(chunk, chunk.dropFirst()) {
                    let seen = pairCounts[Pair(a, b)]
                    pairCounts[Pair(a, b)] = ((seen?.count ?? 0) + count, seen?.firstSeen ?? pairCounts.count)
                }
            }
            guard let best = pairCounts.max(by: { ($0.value.count, -$0.value.firstSeen) < ($1.value.count, -$1.value.firstSeen) })?.key else {
                guard allowFewerMerges else {
                    throw ArgumentError(parameter: "mergeCount", value: "\(mergeCount)",
                                        allowed: "the text has pairs for only \(merges.count) merges; pass allowFewerMerges: true to accept fewer")
                }
                break
            }
            let token = 256 + merges.count
            merges.append(best)
            chunks = try chunks.map { try merge(best, into: token, in: $0) }
        }
        return try BytePairEncoding(merges: merges, split: split, specialTokens: specialTokens)
        // end exercise
    }

    /// The distinct chunks of `text` outside its special tokens, in order of first appearance,
    /// with how often each occurs.
    static func distinctChunks(of text: String, split: Split, specialTokens: [String]) throws -> (chunks: [[Int]], counts: [Int]) {
        let table = try SpecialTokenTable(specialTokens, ids: specialTokens.indices.map { $0 })
        var index: [[Int]: Int] = [:], chunks: [[Int]] = [], counts: [Int] = []
        for (piece, special) in table.split(Array(text.utf8)) where special == nil {
            for chunk in split.chunks(piece) {
                if let known = index[chunk] { counts[known] += 1; continue }
                index[chunk] = chunks.count
                chunks.append(chunk)
                counts.append(1)
            }
        }
        return (chunks, counts)
    }

    /// `tokens` with every occurrence of `pair`, left to right, replaced by `token`.
    static func merge(_ pair: Pair, into token: Int, in tokens: [Int]) throws -> [Int] {
        // exercise: M7.1 write merge(_:into:in:): replace every occurrence of the pair, left to right, by the new token (Chapter 7, merging)
        var out: [Int] = [], i = 0
        while i < tokens.count {
            if i + 1 < tokens.count, tokens[i] == pair.first, tokens[i + 1] == pair.second {
                out.append(token); i += 2
            } else {
                out.append(tokens[i]); i += 1
            }
        }
        return out
        // end exercise
    }
    // end listing

    // listing: bpe-encode-decode
    /// Tokens for `text`: special tokens as `specialTokens` says (refused by default), and for
    /// each chunk in between, its bytes merged in the order the merges were learned (lowest
    /// rank first). Throws `ArgumentError` for special-token text when it is refused.
    public func encode(_ text: String, specialTokens: SpecialTokenUse = .refused) throws -> [Int] {
        var tokens: [Int] = []
        for (piece, special) in try special.split(Array(text.utf8), use: specialTokens) {
            if let special { tokens.append(special); continue }
            for chunk in split.chunks(piece) { tokens += try encodeChunk(chunk) }
        }
        return tokens
    }

    func encodeChunk(_ bytes: [Int]) throws -> [Int] {
        // exercise: M7.3 write encodeChunk: merge the pair with the lowest learned rank until none is left (Chapter 7, encoding)
        var tokens = bytes
        while tokens.count > 1 {
            let candidates = zip(tokens, tokens.dropFirst()).compactMap { rank[Pair($0, $1)] }
            guard let lowest = candidates.min() else { break }
            tokens = try Self.merge(merges[lowest], into: 256 + lowest, in: tokens)
        }
        return tokens
        // end exercise
    }

    /// The text of `tokens`: their bytes concatenated, then read as UTF-8, with each invalid
    /// sequence replaced by U+FFFD (as tiktoken's `decode`). A token may hold part of a
    /// multi-byte character; only the whole sequence has to be valid. Throws `ArgumentError`
    /// for an id outside 0..<vocabularySize.
    public func decode(_ tokens: [Int]) throws -> String {
        try ArgumentError.requireAll(tokens, in: 0..<vocabularySize, "tokens", meaning: "token ids")
        return String(decoding: tokens.flatMap { tokenBytes[$0] }, as: UTF8.self)
    }
    // end listing

    /// Mean bytes per token over `text` (special-token text as ordinary text): how much the
    /// tokenizer compresses it. Throws `ArgumentError` for empty text.
    public func bytesPerToken(_ text: String) throws -> Double {
        try ArgumentError.require(!text.isEmpty, "text", "\"\"", allowed: "needs at least one byte")
        let tokens = try encode(text, specialTokens: .asText)
        return Double(text.utf8.count) / Double(tokens.count)
    }
}
