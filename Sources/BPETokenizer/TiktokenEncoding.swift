import Foundation
import Numerics

/// A vocabulary in tiktoken's form: every token is a byte string with a rank, and the rank is
/// its id. There is no list of merges: a chunk is encoded by repeatedly joining the adjacent
/// pair whose joined bytes have the lowest rank, so the ranks *are* the merge order. This is
/// how GPT-4's `cl100k_base` ships (`cl100k_base.tiktoken`: one "base64 rank" line per token).
public final class TiktokenEncoding: Sendable {
    public let name: String
    public let pattern: SplitPattern
    /// rank (= id) of each token's bytes.
    let ranks: [[UInt8]: Int]
    /// The bytes of each id below `ordinaryCount` (tiktoken's ranks are dense from 0).
    let tokenBytes: [[UInt8]]
    let special: SpecialTokenTable

    /// Throws `ArgumentError` unless the ranks are exactly 0..<count with distinct byte
    /// strings, every single byte among them, and the special ids above them and distinct.
    public init(name: String, ranks: [[UInt8]: Int], pattern: SplitPattern, specialTokens: [String: Int]) throws {
        var bytes = Array(repeating: [UInt8](), count: ranks.count)
        for (token, rank) in ranks {
            try ArgumentError.require((0..<ranks.count).contains(rank) && bytes[rank].isEmpty && !token.isEmpty, "ranks", "rank \(rank)",
                                      allowed: "ranks are 0..<\(ranks.count), each once, each for a non-empty byte string")
            bytes[rank] = token
        }
        if let missing = (0...255).first(where: { ranks[[UInt8($0)]] == nil }) {
            throw ArgumentError(parameter: "ranks", value: "no token for byte \(missing)", allowed: "every single byte needs a rank, so any text can be encoded")
        }
        let specials = specialTokens.sorted { $0.value < $1.value }
        try ArgumentError.require(specials.allSatisfy { $0.value >= ranks.count } && Set(specials.map(\.value)).count == specials.count,
                                  "specialTokens", specials.map(\.value), allowed: "distinct ids from \(ranks.count) on")
        self.name = name
        self.pattern = pattern
        self.ranks = ranks
        tokenBytes = bytes
        special = try SpecialTokenTable(specials.map(\.key), ids: specials.map(\.value))
    }

    /// GPT-4's `cl100k_base` from its rank file: 100,256 ranks, the `cl100k` split pattern and
    /// its five special tokens (ids as tiktoken 0.14 gives them). Throws `FileFormatError` for
    /// a missing or malformed file.
    public static func cl100kBase(rankFile: URL) throws -> TiktokenEncoding {
        let ranks = try readRanks(rankFile)
        do {
            return try TiktokenEncoding(name: "cl100k_base", ranks: ranks, pattern: .cl100k, specialTokens: [
                "<|endoftext|>": 100257, "<|fim_prefix|>": 100258, "<|fim_middle|>": 100259,
                "<|fim_suffix|>": 100260, "<|endofprompt|>": 100276,
            ])
        } catch let error as ArgumentError {
            throw FileFormatError(file: rankFile.path, line: 0, problem: "\(error)")
        }
    }

    /// A tiktoken rank file: lines "base64-of-token-bytes rank".
    static func readRanks(_ url: URL) throws -> [[UInt8]: Int] {
        let text = try FileFormatError.readText(url)
        var ranks: [[UInt8]: Int] = [:]
        for (index, line) in text.split(separator: "\n").enumerated() {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let data = Data(base64Encoded: String(fields[0])), let rank = Int(fields[1]) else {
                throw FileFormatError(file: url.path, line: index + 1, problem: "expected 'BASE64 RANK'")
            }
            ranks[Array(data)] = rank
        }
        return ranks
    }

    /// Chunks longer than this many bytes are merged by `encodeLongChunk` (the simple loop is
    /// quadratic in the chunk's length, the heap n log n; for short chunks the loop is faster).
    static let longChunk = 64

    /// Ids run over 0..<vocabularySize (cl100k_base: 100,277, with a gap below 100,276).
    public var vocabularySize: Int { (special.ids.max() ?? (tokenBytes.count - 1)) + 1 }
    public func specialTokenID(_ text: String) -> Int? { special.id(of: text) }

    // listing: tiktoken-merge
    /// The ids of one chunk, as tiktoken computes them: a chunk that is a token is that token;
    /// otherwise start from its bytes and, while some adjacent pair's joined bytes are a token,
    /// join the pair of lowest rank (the leftmost among equals).
    public func encodeChunk(_ chunk: [UInt8]) -> [Int] {
        if let rank = ranks[chunk] { return [rank] }
        var parts = chunk.map { [$0] }
        while parts.count > 1 {
            var best: (rank: Int, at: Int)?
            for i in 0..<(parts.count - 1) {
                if let rank = ranks[parts[i] + parts[i + 1]], rank < (best?.rank ?? .max) { best = (rank, i) }
            }
            guard let (_, i) = best else { break }
            parts[i] += parts[i + 1]
            parts.remove(at: i + 1)
        }
        return parts.map { ranks[$0]! }
    }
    // end listing

    /// The ids of `text`: special tokens as `specialTokens` says (refused by default, as
    /// tiktoken's `encode`), the rest cut by the pattern and merged chunk by chunk. Throws
    /// `ArgumentError` for special-token text when it is refused.
    /// Each distinct chunk is merged once per call: natural text repeats its words, so most
    /// chunks are looked up (on the Shakespeare corpus, 28,000 distinct chunks of 300,000).
    public func encode(_ text: String, specialTokens: SpecialTokenUse = .refused) throws -> [Int] {
        var ids: [Int] = [], cache: [ArraySlice<UInt8>: [Int]] = [:]
        for (piece, special) in try special.split(Array(text.utf8), use: specialTokens) {
            if let special { ids.append(special); continue }
            for range in pattern.chunkRanges(of: String(decoding: piece, as: UTF8.self)) {
                let chunk = piece[(piece.startIndex + range.lowerBound)..<(piece.startIndex + range.upperBound)]
                if let known = cache[chunk] { ids += known; continue }
                let encoded = chunk.count > Self.longChunk ? encodeLongChunk(Array(chunk)) : encodeChunk(Array(chunk))
                cache[chunk] = encoded
                ids += encoded
            }
        }
        return ids
    }

    /// The bytes of `ids` concatenated; throws `ArgumentError` for an id the vocabulary lacks.
    public func decodeBytes(_ ids: [Int]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for (position, id) in ids.enumerated() {
            if id >= 0, id < tokenBytes.count {
                bytes += tokenBytes[id]
            } else if let text = special.text(of: id) {
                bytes += Array(text.utf8)
            } else {
                throw ArgumentError(parameter: "ids[\(position)]", value: "\(id)", allowed: "not an id of \(name)")
            }
        }
        return bytes
    }

    /// The text of `ids`, invalid UTF-8 replaced by U+FFFD as tiktoken's `decode` does.
    public func decode(_ ids: [Int]) throws -> String {
        String(decoding: try decodeBytes(ids), as: UTF8.self)
    }

    /// The text of one token, for showing tokens (`workbook tokenize --show-tokens`).
    public func tokenText(_ id: Int) throws -> String { try decode([id]) }
}
