import Testing
import GPT
import GPTFastPath
import GSL
import Numerics
import Optimization
import WorkbookTesting

/// What both GPTs refuse, and the meaning of sampling's limits: the reported failures of issue
/// 12 as tests, then seeded random invalid inputs for every entry point that takes ids.
@Suite("M8 · GPT: what the engine and the fast path refuse")
struct GPTRefusals {
    static let configuration = GPTConfiguration(layers: 1, heads: 2, width: 8, blockSize: 4, batchSize: 2)
    static let vocabulary = 11

    static func models() throws -> (engine: GPTModel, fused: FusedGPT<Double>) {
        let engine = try GPTModel(configuration: configuration, vocabularySize: vocabulary, seed: 1)
        return (engine, try FusedGPT<Double>(copying: engine))
    }

    @Test("A target or token id equal to the vocabulary size is refused by both GPTs, naming the position")
    func outOfVocabularyIds() throws {
        let (engine, fused) = try Self.models()
        let target = ArgumentError(parameter: "targets[1]", value: "11", allowed: "token ids must be in 0..<11")
        #expect(throws: target) { try fused.forward([1, 2], targets: [2, 11], sequences: 1) }
        #expect(throws: target) { try engine.loss(inputs: [1, 2], targets: [2, 11], sequences: 1) }
        let token = ArgumentError(parameter: "tokens[0]", value: "11", allowed: "token ids must be in 0..<11")
        #expect(throws: token) { try fused.forward([11, 2], targets: nil, sequences: 1) }
        #expect(throws: token) { try engine.forward([11, 2], sequences: 1) }
        #expect(throws: ArgumentError.self) { try fused.forward([1, 2, 3, 4, 5], targets: nil, sequences: 1) }   // longer than the block
        #expect(throws: ArgumentError.self) { try fused.forward([1, 2, 3], targets: nil, sequences: 2) }        // not whole sequences
        #expect(throws: ArgumentError.self) { try fused.backward() }                                              // no forward pass yet
        #expect(throws: ArgumentError.self) { try fused.useWorkers(3) }
    }

    @Test("Temperature 0 is greedy decoding, the same tokens from the engine and the fast path")
    func temperatureZeroIsGreedy() throws {
        let (engine, fused) = try Self.models()
        let logits = [0.5, 2.0, -1.0, 2.0]
        #expect(try SamplingSettings.greedy.probabilities(logits: logits) == [0, 1, 0, 0], "the first of tied maxima")
        #expect(try SamplingSettings(temperature: 1e-300).probabilities(logits: logits).allSatisfy(\.isFinite))
        let prompt = [3, 1, 4]
        let engineTokens = try engine.generate(after: prompt, count: 12, sampling: .greedy, generator: RandomGenerator(seed: 1))
        let fusedTokens = try fused.generate(after: prompt, count: 12, sampling: .greedy, generator: RandomGenerator(seed: 2))
        #expect(engineTokens == fusedTokens, "greedy decoding ignores the generator")
        var context = prompt
        for token in engineTokens {
            let next = try engine.nextTokenLogProbabilities(after: context)
            #expect(token == next.firstIndex(of: next.max()!), "each token is the argmax of its logits")
            context.append(token)
        }
        let sampled = SamplingSettings(temperature: 0.8, topK: 5)
        #expect(try engine.generate(after: prompt, count: 12, sampling: sampled, generator: RandomGenerator(seed: 9))
                == fused.generate(after: prompt, count: 12, sampling: sampled, generator: RandomGenerator(seed: 9)))
    }

    @Test("A negative or non-finite temperature and a top-k below 1 are errors; a top-k above the vocabulary keeps every token")
    func samplingLimits() throws {
        let (engine, fused) = try Self.models()
        let logits = [0.1, 0.7, -0.3]
        for bad in [SamplingSettings(temperature: -1), SamplingSettings(temperature: .nan), SamplingSettings(topK: 0), SamplingSettings(topK: -2)] {
            #expect(throws: ArgumentError.self) { try bad.probabilities(logits: logits) }
            #expect(throws: ArgumentError.self) { try engine.generate(after: [1], count: 1, sampling: bad, generator: RandomGenerator(seed: 1)) }
            #expect(throws: ArgumentError.self) { try fused.generate(after: [1], count: 1, sampling: bad, generator: RandomGenerator(seed: 1)) }
        }
        #expect(try SamplingSettings(topK: 50).probabilities(logits: logits) == SamplingSettings().probabilities(logits: logits))
        #expect(throws: ArgumentError.self) { try engine.generate(after: [], count: 1, generator: RandomGenerator(seed: 1)) }
        #expect(throws: ArgumentError.self) { try fused.generate(after: [1], count: -1, generator: RandomGenerator(seed: 1)) }
    }

    @Test("Edge cases a search for breaking inputs found: a dev set with no whole window, sizes that overflow, Float-only overflow")
    func searchedEdgeCases() throws {
        let corpus = try CharacterCorpus(text: String(repeating: "abcde", count: 4), trainFraction: 0.5)
        #expect(throws: ArgumentError.self) { try corpus.validationWindows(length: 100) }
        #expect(throws: ArgumentError.self) { try corpus.validationWindows(length: 2, characters: 2) }
        #expect(throws: ArgumentError.self) { try GPTParameterLayout(configuration: GPTConfiguration(layers: 0, heads: 1, width: 0, blockSize: 1, batchSize: 1), vocabularySize: 5) }
        #expect(throws: ArgumentError.self) { try GPTParameterLayout(configuration: Self.configuration, vocabularySize: -5) }
        #expect(throws: ArgumentError.self) { try GPTModel(configuration: .test, vocabularySize: Int.max / 16, seed: 1) }
        let fused = try FusedGPT<Float>(configuration: Self.configuration, vocabularySize: Self.vocabulary, seed: 1)
        var settings = AdamWSettings.gpt
        settings.epsilon = 1e-46                       // a Double, but 0 in Float
        #expect(throws: ArgumentError.self) { try fused.update(learningRate: 1e-3, settings: settings) }
        #expect(throws: ArgumentError.self) { try fused.update(learningRate: 1e39) }
    }

    @Test("Property: 300 seeded random batches with one bad id, length or count are refused by both GPTs, never a crash")
    func randomInvalidBatches() throws {
        let (engine, fused) = try Self.models()
        let v = Self.vocabulary, block = Self.configuration.blockSize
        expectEveryDrawRefused(draws: 300, seed: 12, "invalid batch") { g in
            let sequences = 1 + (try g.integer(below: 2))
            var length = 1 + (try g.integer(below: block))
            var tokens = try (0..<(sequences * length)).map { _ in try g.integer(below: v) }
            var targets = try (0..<(sequences * length)).map { _ in try g.integer(below: v) }
            switch try g.integer(below: 5) {
            case 0: tokens = try g.corrupting(tokens, below: v)
            case 1: targets = try g.corrupting(targets, below: v)
            case 2: targets.removeLast()
            case 3: length = block + 1; tokens = Array(repeating: 0, count: length * sequences); targets = tokens
            default: tokens = []; targets = []
            }
            switch try g.integer(below: 4) {
            case 0: try fused.forward(tokens, targets: targets, sequences: sequences)
            case 1: _ = try engine.loss(inputs: tokens, targets: targets, sequences: sequences)
            case 2: _ = try fused.meanLoss(inputs: tokens, targets: targets, length: length)
            default: _ = try engine.meanLoss(inputs: tokens, targets: targets, length: length)
            }
        }
        expectEveryDrawRefused(draws: 100, seed: 13, "invalid prompt") { g in
            let prompt = try g.corrupting(try (0..<3).map { _ in try g.integer(below: v) }, below: v)
            if try g.integer(below: 2) == 0 {
                _ = try fused.generate(after: prompt, count: 2, generator: g)
            } else {
                _ = try engine.generate(after: prompt, count: 2, generator: g)
            }
        }
        expectEveryDrawRefused(draws: 50, seed: 14, "invalid configuration") { g in
            var c = Self.configuration
            switch try g.integer(below: 4) {
            case 0: c.heads = 3                              // 8 is not a multiple of 3
            case 1: c.layers = -(try g.integer(below: 3))
            case 2: c.blockSize = 0
            default: c.width = 0
            }
            _ = try GPTModel(configuration: c, vocabularySize: v, seed: 1)
        }
    }
}
