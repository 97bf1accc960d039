import Foundation
import Numerics

/// A byte-level byte-pair-encoding tokenizer. Tokens 0…255 are the bytes; each merge adds
/// one token made of two earlier ones; special tokens come after the merges.
public struct BytePairEncoding: Equatable, Sendable {
    public struct Pair: Hashable, Comparable, Sendable {
        public let first: Int, second: Int
        public init(_ first: Int, _ second: Int) { self.first = first; self.second = second }
        public static func < (a: Pair, b: Pair) -> Bool { (a.first, a.second) < (b.first, b.second) }
    }

    /// Merge i creates token 256 + i.
    public private(set) var merges: [Pair]
    public let specialTokens: [String]
    /// The bytes each token stands for.
    public private(set) var tokenBytes: [[UInt8]]
    /// Each merge's position in the list: lower ranks are applied first when encoding.
    private let rank: [Pair: Int]

    /// Throws `ArgumentError` for a merge that uses a token not defined before it (merge i
    /// may use ids below 256 + i) or a special token that is empty or given twice.
    public init(merges: [Pair], specialTokens: [String] = []) throws {
        for (i, pair) in merges.enumerated() {
            try ArgumentError.requireAll([pair.first, pair.second], in: 0..<(256 + i), "merges[\(i)]", meaning: "earlier token ids")
        }
        if let bad = specialTokens.indices.first(where: { specialTokens[$0].isEmpty || specialTokens[..<$0].contains(specialTokens[$0]) }) {
            throw ArgumentError(parameter: "specialTokens[\(bad)]", value: "\"\(specialTokens[bad])\"", allowed: "special tokens are non-empty and distinct")
        }
        self.merges = merges
        self.specialTokens = specialTokens
        tokenBytes = (0..<256).map { [UInt8($0)] }
        for pair in merges { tokenBytes.append(tokenBytes[pair.first] + tokenBytes[pair.second]) }
        tokenBytes += specialTokens.map { Array($0.utf8) }
        rank = Dictionary(merges.enumerated().map { ($1, $0) }, uniquingKeysWith: min)
    }

    public var vocabularySize: Int { tokenBytes.count }
    public func specialTokenID(_ text: String) -> Int? { specialTokens.firstIndex(of: text).map { 256 + merges.count + $0 } }

    // listing: bpe-training
    /// Learns `mergeCount` merges from `text`: count every adjacent pair of tokens inside the
    /// chunks (each distinct chunk once, weighted by how often it occurs), merge the most
    /// frequent pair into a new token everywhere, repeat. Ties go to the smallest pair of ids,
    /// so training is deterministic.
    /// Throws `ArgumentError` for a negative merge count or invalid special tokens.
    public static func train(on text: String, mergeCount: Int, specialTokens: [String] = []) throws -> BytePairEncoding {
        try ArgumentError.requireAtLeast(0, mergeCount, "mergeCount")
        var chunkCounts: [[Int]: Int] = [:]
        for chunk in preTokenize(text) { chunkCounts[chunk.utf8.map(Int.init), default: 0] += 1 }
        var chunks = Array(chunkCounts.keys), counts = chunks.map { chunkCounts[$0]! }
        var merges: [Pair] = []
        for _ in 0..<mergeCount {
            var pairCounts: [Pair: Int] = [:]
            for (chunk, count) in zip(chunks, counts) {
                for (a, b) in zip(chunk, chunk.dropFirst()) { pairCounts[Pair(a, b), default: 0] += count }
            }
            guard let best = pairCounts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else { break }
            let token = 256 + merges.count
            merges.append(best)
            chunks = chunks.map { merge(best, into: token, in: $0) }
        }
        return try BytePairEncoding(merges: merges, specialTokens: specialTokens)
    }

    /// `tokens` with every occurrence of `pair`, left to right, replaced by `token`.
    static func merge(_ pair: Pair, into token: Int, in tokens: [Int]) -> [Int] {
        var out: [Int] = [], i = 0
        while i < tokens.count {
            if i + 1 < tokens.count, tokens[i] == pair.first, tokens[i + 1] == pair.second {
                out.append(token); i += 2
            } else {
                out.append(tokens[i]); i += 1
            }
        }
        return out
    }
    // end listing

    // listing: bpe-encode-decode
    /// Tokens for `text`: special tokens where they appear (when allowed), and for each chunk in
    /// between, its bytes merged in the order the merges were learned (lowest rank first).
    public func encode(_ text: String, allowSpecialTokens: Bool = true) -> [Int] {
        var tokens: [Int] = []
        for (piece, special) in splitOnSpecialTokens(text, allowed: allowSpecialTokens) {
            if let special { tokens.append(special); continue }
            for chunk in preTokenize(piece) { tokens += encodeChunk(Array(chunk.utf8).map(Int.init)) }
        }
        return tokens
    }

    func encodeChunk(_ bytes: [Int]) -> [Int] {
        var tokens = bytes
        while tokens.count > 1 {
            let candidates = zip(tokens, tokens.dropFirst()).compactMap { rank[Pair($0, $1)] }
            guard let lowest = candidates.min() else { break }
            tokens = Self.merge(merges[lowest], into: 256 + lowest, in: tokens)
        }
        return tokens
    }

    /// The text of `tokens`: their bytes concatenated, then read as UTF-8. A token may hold part
    /// of a multi-byte character; only the whole sequence has to be valid. Throws
    /// `ArgumentError` for an id outside 0..<vocabularySize.
    public func decode(_ tokens: [Int]) throws -> String {
        try ArgumentError.requireAll(tokens, in: 0..<vocabularySize, "tokens", meaning: "token ids")
        return String(decoding: tokens.flatMap { tokenBytes[$0] }, as: UTF8.self)
    }
    // end listing

    private func splitOnSpecialTokens(_ text: String, allowed: Bool) -> [(String, Int?)] {
        guard allowed, !specialTokens.isEmpty else { return [(text, nil)] }
        var pieces: [(String, Int?)] = [], rest = Substring(text)
        while let (range, special) = specialTokens.compactMap({ s in rest.range(of: s).map { ($0, s) } }).min(by: { $0.0.lowerBound < $1.0.lowerBound }) {
            if range.lowerBound > rest.startIndex { pieces.append((String(rest[..<range.lowerBound]), nil)) }
            pieces.append((special, specialTokenID(special)))
            rest = rest[range.upperBound...]
        }
        if !rest.isEmpty { pieces.append((String(rest), nil)) }
        return pieces
    }

    /// Mean bytes per token over `text`: how much the tokenizer compresses it. Throws
    /// `ArgumentError` for empty text.
    public func bytesPerToken(_ text: String) throws -> Double {
        try ArgumentError.require(!text.isEmpty, "text", "\"\"", allowed: "needs at least one byte")
        return Double(text.utf8.count) / Double(encode(text, allowSpecialTokens: false).count)
    }
}
