import Testing
import BigramLanguageModel
import GSL
import Numerics
import WorkbookTesting

/// What M5's bigram models refuse: characters outside a–z, ids outside the table, tables that
/// are not distributions, smoothing that leaves 0/0.
@Suite("M5 · Bigram language model: what the models refuse")
struct BigramLanguageModelRefusals {
    @Test("A capital letter is refused by name and position; k = 0 with an unseen row is refused instead of giving NaN")
    func handWorked() throws {
        #expect(throws: ArgumentError(parameter: "word[1]", value: "65 in \"cAt\"", allowed: "words are lowercase a–z")) {
            try CharacterVocabulary.encode("cAt")
        }
        let counts = try BigramCounts(words: ["ab"])
        #expect(throws: ArgumentError.self) { try smoothedProbabilities(counts, k: 0) }
        #expect(try smoothedProbabilities(counts, k: 0.1).allSatisfy { abs($0.reduce(0, +) - 1) < 1e-12 })
    }

    @Test("Property: 200 seeded random invalid ids, tables and settings are refused, never a crash")
    func randomInvalidCalls() throws {
        let size = CharacterVocabulary.size
        let table = try smoothedProbabilities(BigramCounts(words: ["emma", "olivia"]), k: 0.5)
        let model = try BigramModel(probabilities: table)
        let neural = try NeuralBigram(size: size)
        expectEveryDrawRefused(draws: 200, seed: 51, "bigram call") { g in
            switch try g.integer(below: 7) {
            case 0: _ = try BigramCounts(sequences: [try g.corrupting([0, 1, 2, 0], below: size)], size: size)
            case 1: _ = try negativeLogLikelihood(table, sequences: [try g.corrupting([0, 5, 0], below: size)])
            case 2: _ = try model.nextTokenLogProbabilities(after: [try g.invalidIndex(below: size)])
            case 3: _ = try BigramModel(probabilities: table.map { $0.map { $0 * 2 } })
            case 4: _ = try CharacterVocabulary.decode([try g.invalidIndex(below: size)])
            case 5: _ = try neural.train(on: try BigramCounts(words: ["ab"]), l2: 0, steps: 1, learningRate: try g.invalidPositive() == 0 ? -1 : .nan)
            default: _ = try sampleWord(Array(table.dropLast()), generator: g)
            }
        }
    }
}
