import Testing
import BPETokenizer
import GSL
import Numerics
import WorkbookTesting

/// What M7's tokenizer refuses: ids outside the vocabulary, merges that use tokens not yet
/// defined, empty or repeated special tokens.
@Suite("M7 · BPE tokenizer: what the tokenizer refuses")
struct BPETokenizerRefusals {
    @Test("Property: 200 seeded random invalid ids and merge lists are refused, never a crash")
    func randomInvalidCalls() throws {
        let tokenizer = try BytePairEncoding.train(on: "the cat sat on the mat", mergeCount: 5, specialTokens: ["<|end|>"])
        let v = tokenizer.vocabularySize
        expectEveryDrawRefused(draws: 200, seed: 71, "tokenizer call") { g in
            switch try g.integer(below: 4) {
            case 0: _ = try tokenizer.decode(try g.corrupting(tokenizer.encode("the mat"), below: v))
            case 1: _ = try BytePairEncoding(merges: [.init(97, 98), .init(256 + (try g.integer(below: 5)) + 1, 97)])
            case 2: _ = try BytePairEncoding(merges: [], specialTokens: [["", "<a>"], ["<a>", "<a>"]][try g.integer(below: 2)])
            default: _ = try BytePairEncoding.train(on: "abc", mergeCount: -1 - (try g.integer(below: 5)))
            }
        }
        #expect(try tokenizer.decode(tokenizer.encode("the mat on the cat")) == "the mat on the cat")
    }
}
