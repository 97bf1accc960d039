import Foundation
import Testing
import BigramLanguageModel
import GPT
import GPTFastPath
import GSL
import MLPLanguageModel
import Numerics

/// Every Phase 2 model behind the one `LanguageModel` interface: its log-probabilities agree
/// with the model's own evaluation and sampling, and the engine and fast GPT agree on it.
@Suite("M8 · GPT: one language-model interface for every Phase 2 model")
struct LanguageModelInterfaceTests {
    static let vocabulary = 11
    static let stream = (0..<40).map { ($0 * 7 + $0 / 3) % vocabulary }

    @Test("The bigram's interface gives the same NLL as its own table, and rejects bad contexts")
    func bigram() throws {
        let counts = try BigramCounts(sequences: [Self.stream], size: Self.vocabulary)
        let table = try smoothedProbabilities(counts, k: 0.1)
        let model = try BigramModel(probabilities: table)
        let own = try negativeLogLikelihood(table, sequences: [Self.stream])
        #expect(abs(try model.meanNegativeLogLikelihood(of: Self.stream) - own) <= 1e-14 * own)
        #expect(throws: ArgumentError(parameter: "context.count", value: "0", allowed: "a next-token distribution needs at least one token")) {
            try model.nextTokenLogProbabilities(after: [])
        }
        #expect(throws: ArgumentError(parameter: "context[1]", value: "11", allowed: "token ids must be in 0..<11")) {
            try model.nextTokenLogProbabilities(after: [1, 11])
        }
        #expect(throws: ArgumentError.self) { try model.meanNegativeLogLikelihood(of: [3]) }
        #expect(throws: ArgumentError(parameter: "stream[2]", value: "-1", allowed: "token ids must be in 0..<11")) {
            try model.meanNegativeLogLikelihood(of: [1, 2, -1])
        }
    }

    @Test("The MLP's interface gives the same NLL as its own windows, after the first context")
    func mlp() throws {
        let model = try MLPLanguageModel(contextLength: 3, embeddingSize: 4, hiddenSize: 8, vocabularySize: Self.vocabulary, seed: 1)
        let own = try model.negativeLogLikelihood(ContextWindows(stream: Self.stream, contextLength: 3))
        // The windows predict from position 3 on; the interface from position 1, so compare positions 3….
        var total = 0.0
        for position in 3..<Self.stream.count {
            total -= try model.nextTokenLogProbabilities(after: Array(Self.stream[..<position]))[Self.stream[position]]
        }
        #expect(abs(total / Double(Self.stream.count - 3) - own) <= 1e-12 * own)
    }

    @Test("Engine and fast GPT give the same log-probabilities, and generic sampling equals the GPT's own")
    func gpts() throws {
        let configuration = GPTConfiguration(layers: 2, heads: 2, width: 8, blockSize: 6, batchSize: 2)
        let engine = try GPTModel(configuration: configuration, vocabularySize: Self.vocabulary, seed: 12)
        let fast = try FusedGPT<Double>(copying: engine)
        for length in [1, 4, 6, 9] {
            let context = Array(Self.stream.prefix(length))
            let a = try engine.nextTokenLogProbabilities(after: context), b = try fast.nextTokenLogProbabilities(after: context)
            #expect(zip(a, b).map { abs($0 - $1) }.max()! <= 1e-12, "context of \(length)")
            #expect(abs(a.map(exp).reduce(0, +) - 1) <= 1e-12)
        }
        let sampling = SamplingSettings(temperature: 0.8, topK: 5)
        let own = try engine.generate(after: [1, 2], count: 12, sampling: sampling, generator: RandomGenerator(seed: 3))
        let generic = try (engine as any LanguageModel).generate(after: [1, 2], count: 12, sampling: sampling, generator: RandomGenerator(seed: 3))
        #expect(own == generic)
    }
}
