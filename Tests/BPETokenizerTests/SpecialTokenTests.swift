import Foundation
import Testing
import Numerics
import BPETokenizer

/// The faults reported against special tokens and training, as tests.
@Suite("M7 · BPE tokenizer: special tokens and training edge cases")
struct SpecialTokenTests {
    @Test("Overlapping special tokens match leftmost-longest, whatever order they were listed in")
    func leftmostLongest() throws {
        for specials in [["  ", "    "], ["    ", "  "]] {
            let tokenizer = try BytePairEncoding(merges: [], split: .none, specialTokens: specials)
            let four = try #require(tokenizer.specialTokenID("    ")), two = try #require(tokenizer.specialTokenID("  "))
            #expect(try tokenizer.encode("    ", specialTokens: .allowed) == [four], "\(specials)")
            #expect(try tokenizer.encode("      x", specialTokens: .allowed) == [four, two, 120], "\(specials)")
        }
    }

    @Test("Training never learns a merge from inside a special token's text")
    func noMergesInsideSpecialTokens() throws {
        let text = String(repeating: "ABCD<sep>EFGH\n", count: 20)
        for split in [BytePairEncoding.Split.none, .pattern(.gpt4)] {
            let tokenizer = try BytePairEncoding.train(on: text, mergeCount: 12, split: split, specialTokens: ["<sep>"], allowFewerMerges: true)
            let learned = (256..<(256 + tokenizer.merges.count)).map { String(decoding: tokenizer.tokenBytes[$0], as: UTF8.self) }
            #expect(!learned.contains { "<sep>".contains($0) && !"ABCDEFGH\n".contains($0) }, "\(split): \(learned)")
        }
    }

    @Test("Every special token survives saving and loading, whatever characters it holds")
    func specialTokensRoundTrip() throws {
        let specials = ["<|endoftext|>", "line\nbreak", " leading space", "trailing ", "tab\there", "emoji 😀", "special x", "#"]
        let tokenizer = try BytePairEncoding.train(on: "hello hello world", mergeCount: 3, specialTokens: specials)
        let loaded = try BytePairEncoding.parse(tokenizer.fileText(), file: "vocab.txt")
        #expect(loaded == tokenizer)
        #expect(loaded.specialTokens == specials)
    }

    @Test("Training that runs out of pairs says so, unless fewer merges are accepted")
    func runningOutOfPairs() throws {
        #expect(throws: ArgumentError(parameter: "mergeCount", value: "20",
                                      allowed: "the text has pairs for only 3 merges; pass allowFewerMerges: true to accept fewer")) {
            try BytePairEncoding.train(on: "abcd", mergeCount: 20, split: .none)
        }
        #expect(try BytePairEncoding.train(on: "abcd", mergeCount: 20, split: .none, allowFewerMerges: true).merges.count == 3)
    }

    @Test("Edge cases a search for breaking inputs found: a merge count that overflows, a special ending in \\r, a CRLF file")
    func searchedEdgeCases() throws {
        #expect(throws: FileFormatError.self) { try BytePairEncoding.parse("workbook-bpe 2\nsplit none\nmerges 9223372036854775807\n", file: "x") }
        let tokenizer = try BytePairEncoding(merges: [], split: .none, specialTokens: ["ab", "abc", "x\r"])
        #expect(try tokenizer.encode("abc", specialTokens: .allowed) == [tokenizer.specialTokenID("abc")!])
        #expect(try BytePairEncoding.parse(tokenizer.fileText(), file: "x") == tokenizer)
        let crlf = tokenizer.fileText().replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try BytePairEncoding.parse(crlf, file: "x") == tokenizer, "a file saved with CRLF line ends reads the same")
    }

    @Test("Decoding an id the vocabulary lacks is an error naming it")
    func unknownID() throws {
        let tokenizer = try BytePairEncoding(merges: [])
        #expect(throws: ArgumentError(parameter: "tokens[0]", value: "256", allowed: "token ids must be in 0..<256")) {
            try tokenizer.decode([256])
        }
    }
}
