import Foundation
import GSL
import Testing
import ExperimentRecords
import Numerics
import WorkbookTesting
@testable import BPETokenizer
@testable import BPETokenizerExperiments

enum SharedRuns {
    static let experiment = Result { try TokenizerExperiment() }
    static let record = experiment.map { $0.record() }
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
            #expect(try tokenizer.decode(tokenizer.encode(s)) == s, "\(s.debugDescription)")
            #expect(try tokenizer.decode(tokenizer.encode(s, allowSpecialTokens: false)) == s, "\(s.debugDescription) without special tokens")
        }
    }

    @Test("Tokens may split a multi-byte character, yet sequences of them decode exactly")
    func partialCharacterTokens() throws {
        try attach(SharedRuns.record.get())
        let emojiText = String(repeating: "I 😀 you 😀😀 and 👍🏽 that. ", count: 50)
        let tokenizer = try BytePairEncoding.train(on: emojiText, mergeCount: 40)
        let partial = (256..<tokenizer.vocabularySize).filter { String(validating: tokenizer.tokenBytes[$0], as: UTF8.self) == nil }
        #expect(!partial.isEmpty, "no learned token holds part of a multi-byte character")
        #expect(try tokenizer.decode(tokenizer.encode(emojiText)) == emojiText)
    }

    @Test("The hand-worked example of the chapter: 'aaabdaaabac' learns aa, ab, then (aa)(ab), and encodes as XdXac")
    func handWorkedExample() throws {
        try attach(SharedRuns.record.get())
        let tokenizer = try BytePairEncoding.train(on: "aaabdaaabac", mergeCount: 3)
        typealias P = BytePairEncoding.Pair
        #expect(tokenizer.merges == [P(97, 97), P(97, 98), P(256, 257)])
        #expect(tokenizer.encode("aaabdaaabac") == [258, 100, 258, 97, 99])
    }

    @Test("Compression (bytes per token) rises with every increase of the vocabulary")
    func compressionRisesWithVocabulary() throws {
        try attach(SharedRuns.record.get())
        let compression = try SharedRuns.experiment.get().compression
        for (smaller, larger) in zip(compression, compression.dropFirst()) {
            #expect(larger.bytesPerToken > smaller.bytesPerToken, "\(larger.merges) merges: \(larger.bytesPerToken), not above \(smaller.merges): \(smaller.bytesPerToken)")
        }
    }

    @Test("Special tokens encode as one id when allowed and as plain text otherwise")
    func specialTokens() throws {
        try attach(SharedRuns.record.get())
        let tokenizer = try SharedRuns.experiment.get().tokenizer
        let id = try #require(tokenizer.specialTokenID(TokenizerExperiment.endOfText))
        let tokens = tokenizer.encode("the end<|endoftext|>The")
        #expect(tokens.filter { $0 == id }.count == 1)
        #expect(!tokenizer.encode("the end<|endoftext|>The", allowSpecialTokens: false).contains(id))
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
        ("nonsense\n", 1, "expected the header 'workbook-bpe 1'"),
        ("workbook-bpe 1\nmerges x\n", 2, "expected 'merges N' with N a count"),
        ("workbook-bpe 1\nmerges 2\n97 98\n", 4, "the file ends after 1 of 2 merges"),
        ("workbook-bpe 1\nmerges 1\n97\n", 3, "a merge is two token ids separated by a space"),
        ("workbook-bpe 1\nmerges 1\n97 300\n", 3, "merge 0 uses a token that does not exist yet (ids up to 255 are defined)"),
        ("workbook-bpe 1\nmerges 0\nspecial\n", 3, "expected 'special TEXT'"),
    ])
    func malformedVocabulary(text: String, line: Int, problem: String) {
        #expect(throws: FileFormatError(file: "vocab.txt", line: line, problem: problem)) {
            try BytePairEncoding.parse(text, file: "vocab.txt")
        }
    }
}

@Suite("M7 · BPE tokenizer: chapter and pre-tokenization")
struct BPETokenizerChapter {
    @Test("Chapter 7's listings match their sources")
    func listingsMatchSources() throws {
        try expectListingsMatchSources(of: .bpeTokenizer, minimum: 3)
    }

    @Test("Pre-tokenization: hand-worked chunks, and the chunks always concatenate back to the text")
    func preTokenization() throws {
        #expect(preTokenize("To be,  or not 42!") == ["To", " be", ",", " ", " or", " not", " 42", "!"])
        let generator = RandomGenerator(seed: 3)
        for _ in 0..<500 {
            let s = try randomText(generator, length: 30)
            #expect(preTokenize(s).joined() == s)
        }
    }
}
