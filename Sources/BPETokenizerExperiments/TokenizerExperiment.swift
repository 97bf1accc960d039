import Foundation
import ExperimentRecords
import Numerics
import BPETokenizer
import GSL

/// Merges learned on the Shakespeare corpus, and compression against vocabulary size.
public struct TokenizerExperiment: Sendable {
    public static let corpusPath = "Fixtures/shakespeare/plays.txt"
    public static let trainingBytes = 200_000
    public static let mergeCount = 512
    public static let ablationMerges = [32, 64, 128, 256, 512]
    public static let endOfText = "<|endoftext|>"
    public static let example = "To be, or not to be, that is the question:"

    public let tokenizer: BytePairEncoding
    /// Bytes per token on the held-out last tenth of the corpus, per number of merges.
    public let compression: [(merges: Int, bytesPerToken: Double)]
    public let heldOutBytes: Int
    /// The same merges learned without a pre-split.
    public let rawBytes: BytePairEncoding

    /// Reads the corpus, trains on its first `trainingBytes` and measures on its last tenth.
    public init(packageRoot: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws {
        let url = packageRoot.appendingPathComponent(Self.corpusPath)
        let text = try FileFormatError.readText(url)
        let bytes = Array(text.utf8)
        let heldOut = String(decoding: bytes[(bytes.count * 9 / 10)...], as: UTF8.self)
        heldOutBytes = heldOut.utf8.count
        // The fast trainer: the same merges as the chapter's reference trainer (tested).
        let trained = try BytePairEncoding.trainFast(on: String(decoding: bytes[..<Self.trainingBytes], as: UTF8.self),
                                             mergeCount: Self.mergeCount, specialTokens: [Self.endOfText])
        tokenizer = trained
        // Training is greedy: the first k merges of a run are exactly what a k-merge run learns.
        compression = try Self.ablationMerges.map { k in (k, try BytePairEncoding(merges: Array(trained.merges.prefix(k))).bytesPerToken(heldOut)) }
        // The same text without a pre-split (minbpe's BasicTokenizer): tokens cross words.
        rawBytes = try BytePairEncoding.trainFast(on: String(decoding: bytes[..<Self.trainingBytes], as: UTF8.self),
                                                  mergeCount: Self.mergeCount, split: .none)
    }

    public func pieces(_ text: String, of tokenizer: BytePairEncoding? = nil) throws -> [String] {
        let tokenizer = tokenizer ?? self.tokenizer
        return try tokenizer.encode(text).map { String(decoding: tokenizer.tokenBytes[$0], as: UTF8.self) }
    }

    /// The `count` longest tokens of `tokenizer`, as text with spaces shown as ␣.
    public func longestTokens(of tokenizer: BytePairEncoding, count: Int) -> [String] {
        (256..<(256 + tokenizer.merges.count)).sorted { (tokenizer.tokenBytes[$0].count, $1) > (tokenizer.tokenBytes[$1].count, $0) }
            .prefix(count).map { String(decoding: tokenizer.tokenBytes[$0], as: UTF8.self).replacingOccurrences(of: " ", with: "␣").replacingOccurrences(of: "\n", with: "⏎") }
    }

    public func record(provenance: Provenance? = nil) throws -> ExperimentRecord {
        let main = compression.last!
        let longest = (256..<(256 + tokenizer.merges.count)).max { tokenizer.tokenBytes[$0].count < tokenizer.tokenBytes[$1].count }!
        return ExperimentRecord(
            milestone: .bpeTokenizer, experiment: "bpe", title: "Byte-Level Merges on Shakespeare", order: 1,
            objective: "A byte-level BPE tokenizer: lossless for any UTF-8 text, and more compression with a larger vocabulary.",
            setup: [Field("Model", "byte-level BPE, 256 byte tokens + \(Self.mergeCount) merges + 1 special token (\(Self.endOfText)); merges within chunks of GPT-4's split pattern (minbpe's RegexTokenizer), ties to the pair seen first"),
                    Field("Data", "first \(Self.trainingBytes) bytes of `\(Self.corpusPath)` (eight Shakespeare tragedies) for training; its last tenth (\(heldOutBytes) bytes) held out"),
                    Field("Optimization", "greedy merging of the most frequent pair, \(Self.mergeCount) times")],
            metrics: [.count("Vocabulary size", tokenizer.vocabularySize),
                      .decimal("Bytes per token on held-out text (\(main.merges) merges)", main.bytesPerToken, digits: 3)]
                + compression.dropLast().map { .decimal("Bytes per token, \($0.merges) merges", $0.bytesPerToken, digits: 3) },
            tracking: .languageModels(loss: "—", perplexity: "—", sampleQuality: "\(formatted(main.bytesPerToken, digits: 2)) bytes/token, lossless"),
            trackingNote: "compression rises with vocabulary: \(compression.map { formatted($0.bytesPerToken, digits: 2) }.joined(separator: " → "))",
            tables: [Table(title: "Compression on held-out text against the number of merges", columns: ["Merges", "Vocabulary", "Bytes per token"],
                           rows: compression.map { ["\($0.merges)", "\(256 + $0.merges)", formatted($0.bytesPerToken, digits: 3)] })],
            observations: [
                "\"\(Self.example)\" becomes \(try pieces(Self.example).count) tokens: \(try pieces(Self.example).map { "`\($0.replacingOccurrences(of: " ", with: "␣"))`" }.joined(separator: " ")).",
                "Without a pre-split (raw bytes, minbpe's BasicTokenizer) the same \(Self.mergeCount) merges learn tokens that cross words and punctuation; its longest: \(longestTokens(of: rawBytes, count: 5).map { "`\($0)`" }.joined(separator: ", ")), against \(longestTokens(of: tokenizer, count: 5).map { "`\($0)`" }.joined(separator: ", ")) with GPT-4's split.",
                "Each doubling of the number of merges adds about \(formatted((compression.last!.bytesPerToken - compression.first!.bytesPerToken) / Double(compression.count - 1), digits: 2)) bytes per token; the longest learned token is `\(String(decoding: tokenizer.tokenBytes[longest], as: UTF8.self).replacingOccurrences(of: " ", with: "␣"))` (\(tokenizer.tokenBytes[longest].count) bytes).",
                "Decoding concatenates bytes before reading UTF-8, so tokens that hold half of a multi-byte character still decode exactly in sequence: the round trip is lossless for any UTF-8 text (property tests with random strings and emoji).",
            ],
            plots: [Plot(file: "m7_compression.png", title: "M7: bytes per token against the number of merges", kind: "compression vs vocabulary",
                         description: "Held-out bytes per token against the number of merges (log scale): every doubling of the vocabulary buys a similar step in compression.",
                         xLabel: "merges", yLabel: "bytes per token (held-out)", logScaleX: true,
                         layers: [.line(label: "byte-level BPE", points: compression.map { PlotPoint(Double($0.merges), $0.bytesPerToken) })])],
            conclusion: "Pass: lossless round trips, the hand-worked example reproduced, and compression rising with vocabulary size.",
            provenance: provenance ?? .current(seed: 0))
    }
}
