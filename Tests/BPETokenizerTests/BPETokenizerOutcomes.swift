import Foundation
import GSL
import Testing
import ExperimentRecords
import Numerics
import WorkbookTesting
import BPETokenizer
import BPETokenizerExperiments

enum SharedRuns {
    static let experiment = Result { try TokenizerExperiment() }
    static let record = experiment.flatMap { value in Result { try value.record() } }
}

/// Random strings drawn from ASCII, accented Latin, Greek, CJK, emoji (single, skin tone,
/// ZWJ families, flags), combining marks and whitespace.
func randomText(_ generator: RandomGenerator, length: Int) throws -> String {
    let pool: [String] = ["a", "e", "Z", " ", "  ", "\n", "\t", ",", "!", "'", "7", "é", "ß", "ø", "Ω", "λ", "中", "文", "字",
                          "😀", "👍🏽", "👨‍👩‍👧", "🇯🇵", "e\u{301}", "\u{200B}", "<|endoftext|>", "<|", "|>", "ﬁ"]
    return try (0..<length).map { _ in pool[try generator.integer(below: pool.count)] }.joined()
}

@Suite("M7 · BPE tokenizer: outcomes")
struct BPETokenizerOutcomes {
    @Test("decode(encode(s)) == s for 2,000 random UTF-8 strings with emoji, combining marks and special-token look-alikes")
    func roundTripIsLossless() throws {
        try attach(SharedRuns.record.get())
        let tokenizer = try SharedRuns.experiment.get().tokenizer
        let generator = RandomGenerator(seed: 77)
        for _ in 0..<2000 {
            let s = try randomText(generator, length: generator.integer(below: 40))
            #expect(try tokenizer.decode(tokenizer.encode(s, specialTokens: .allowed)) == s, "\(s.debugDescription)")
            #expect(try tokenizer.decode(tokenizer.encode(s, specialTokens: .asText)) == s, "\(s.debugDescription) without special tokens")
            let raw = try SharedRuns.experiment.get().rawBytes
            #expect(try raw.decode(raw.encode(s, specialTokens: .asText)) == s, "\(s.debugDescription) with raw-byte merges")
        }
    }

    @Test("Tokens may split a multi-byte character, yet sequences of them decode exactly")
    func partialCharacterTokens() throws {
        try attach(SharedRuns.record.get())
        let emojiText = String(repeating: "I 😀 you 😀😀 and 👍🏽 that. ", count: 50)
        let tokenizer = try BytePairEncoding.train(on: emojiText, mergeCount: 20, split: .none)
        let partial = (256..<tokenizer.vocabularySize).filter { String(validating: tokenizer.tokenBytes[$0], as: UTF8.self) == nil }
        #expect(!partial.isEmpty, "no learned token holds part of a multi-byte character")
        #expect(try tokenizer.decode(tokenizer.encode(emojiText)) == emojiText)
    }

    @Test("The hand-worked example of the chapter: 'aaabdaaabac' learns aa, then (aa)a, then (aaa)b, and encodes as XdXac")
    func handWorkedExample() throws {
        try attach(SharedRuns.record.get())
        typealias P = BytePairEncoding.Pair
        for split in [BytePairEncoding.Split.none, .pattern(.gpt2), .pattern(.gpt4)] {
            let tokenizer = try BytePairEncoding.train(on: "aaabdaaabac", mergeCount: 3, split: split)
            #expect(tokenizer.merges == [P(97, 97), P(256, 97), P(257, 98)], "\(split)")
            #expect(try tokenizer.encode("aaabdaaabac") == [258, 100, 258, 97, 99])
        }
    }

    @Test("Compression (bytes per token) rises with every increase of the vocabulary")
    func compressionRisesWithVocabulary() throws {
        try attach(SharedRuns.record.get())
        let compression = try SharedRuns.experiment.get().compression
        for (smaller, larger) in zip(compression, compression.dropFirst()) {
            #expect(larger.bytesPerToken > smaller.bytesPerToken, "\(larger.merges) merges: \(larger.bytesPerToken), not above \(smaller.merges): \(smaller.bytesPerToken)")
        }
    }

    @Test("Special-token text is refused by default, one id when allowed, plain text when asked")
    func specialTokens() throws {
        try attach(SharedRuns.record.get())
        let tokenizer = try SharedRuns.experiment.get().tokenizer
        let id = try #require(tokenizer.specialTokenID(TokenizerExperiment.endOfText))
        #expect(throws: ArgumentError.self) { try tokenizer.encode("the end<|endoftext|>The") }
        #expect(try tokenizer.encode("the end<|endoftext|>The", specialTokens: .allowed).filter { $0 == id }.count == 1)
        #expect(try !tokenizer.encode("the end<|endoftext|>The", specialTokens: .asText).contains(id))
    }

    @Test("Saving and loading the vocabulary gives the same tokenizer")
    func saveLoad() throws {
        try attach(SharedRuns.record.get())
        let tokenizer = try SharedRuns.experiment.get().tokenizer
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bpe-\(UUID().uuidString).txt")
        try tokenizer.save(to: url)
        #expect(try BytePairEncoding.load(from: url) == tokenizer)
    }

    @Test("Malformed vocabulary files are errors naming the file, the line and the problem", arguments: [
        ("nonsense\n", 1, "expected the header 'workbook-bpe 2'"),
        ("workbook-bpe 2\nsplit gpt5\n", 2, "expected 'split' and one of none, gpt2, gpt4, cl100k"),
        ("workbook-bpe 2\nsplit gpt4\nmerges x\n", 3, "expected 'merges N' with N a count"),
        ("workbook-bpe 2\nsplit gpt4\nmerges 2\n97 98\n", 5, "the file ends after 1 of 2 merges"),
        ("workbook-bpe 2\nsplit none\nmerges 1\n97\n", 4, "a merge is two token ids separated by a space"),
        ("workbook-bpe 2\nsplit none\nmerges 1\n97 300\n", 4, "merge 0 uses a token that does not exist yet (ids up to 255 are defined)"),
        ("workbook-bpe 2\nsplit none\nmerges 0\nspecial <|x|>\n", 4, "expected 'special BASE64' with the base64 of a non-empty UTF-8 text"),
    ])
    func malformedVocabulary(text: String, line: Int, problem: String) {
        #expect(throws: FileFormatError(file: "vocab.txt", line: line, problem: problem)) {
            try BytePairEncoding.parse(text, file: "vocab.txt")
        }
    }
}

@Suite("M7 · BPE tokenizer: chapter and split patterns")
struct BPETokenizerChapter {
    @Test("Chapter 7's listings match their sources")
    func listingsMatchSources() throws {
        try expectListingsMatchSources(of: .bpeTokenizer, minimum: 3)
    }

    @Test("Split patterns: hand-worked chunks, and the chunks always concatenate back to the text")
    func splitPatterns() throws {
        func texts(_ pattern: SplitPattern, _ text: String) -> [String] { pattern.chunks(of: text).map { String(decoding: $0, as: UTF8.self) } }
        #expect(texts(.gpt2, "To be,  or not 42!") == ["To", " be", ",", " ", " or", " not", " 42", "!"])
        #expect(texts(.gpt4, "I'LL pay 12345 now!!\n\n  ok") == ["I", "'LL", " pay", " ", "123", "45", " now", "!!\n\n", " ", " ok"])
        #expect(texts(.cl100k, "end  ") == ["end", "  "])
        let generator = RandomGenerator(seed: 3)
        for _ in 0..<500 {
            let s = try randomText(generator, length: 30)
            for pattern in SplitPattern.allCases { #expect(Array(pattern.chunks(of: s).joined()) == Array(s.utf8), "\(pattern): \(s.debugDescription)") }
        }
    }
}
