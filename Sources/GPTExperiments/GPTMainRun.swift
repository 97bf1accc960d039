import Foundation
import BigramLanguageModel
import GSL
import MLPLanguageModel
import ExperimentRecords
import Numerics
import GPT
import GPTFastPath
import BigramLanguageModelExperiments
import MLPLanguageModelExperiments

/// M8's main run: the GPT (the fused path, Float) trained on Shakespeare's characters, beside
/// the three earlier Phase 2 models on the same tokenization (counting bigram, neural bigram,
/// Chapter 6's MLP). Every model predicts the same dev characters; each is sampled with the
/// same seed. `workbook train m8` uses its seeds.
public struct GPTMainRun: @unchecked Sendable {
    public static let configuration = GPTConfiguration.tiny
    public static let training: GPTTraining = {
        var training = GPTTraining(steps: 1500, seed: 2, evaluateEvery: 100, devCharacters: 16_384)
        training.peakRate = 6e-3
        return training
    }()
    public static let modelSeed: UInt = 1
    public static let sampleSeed: UInt = 5
    public static let sampleLength = 2_000

    /// The four models the run compares, in the order of the log's table.
    public enum Model: String, CaseIterable, Sendable {
        case countingBigram = "Bigram (counts)"
        case neuralBigram = "Bigram (neural)"
        case mlp = "MLP (context 3)"
        case gpt = "GPT"
    }

    public struct ModelResult: Sendable {
        public let model: Model
        public var name: String { model.rawValue }
        public let devNLL: Double
        public let sample: String
        public let quality: SampleQuality
    }

    public let corpus: CharacterCorpus
    public let results: [ModelResult]
    public let gpt: FusedGPT<Float>
    public let history: GPTTrainingHistory

    public init(corpus: CharacterCorpus) throws {
        self.corpus = corpus
        let dev = try corpus.validationWindows(length: Self.configuration.blockSize, characters: Self.training.devCharacters)
        let devStream = Array(corpus.validation[0...dev.inputs.count])
        let words = try WordSets(corpus: corpus)
        func result(_ model: Model, _ devNLL: Double, _ sample: [Int]) throws -> ModelResult {
            let text = try corpus.decode(sample)
            return ModelResult(model: model, devNLL: devNLL, sample: text,
                               quality: SampleQuality(samples: WordSets.words(in: text), training: words.training, heldOut: words.heldOut))
        }
        let prompt = try corpus.encode("\n")

        // Counting bigram (add-k, k = 0.1 as Chapter 5 chose) and the same model trained as a network.
        let counts = try BigramCounts(sequences: [corpus.train], size: corpus.vocabularySize)
        let counting = try smoothedProbabilities(counts, k: 0.1)
        let neural = try NeuralBigram(size: corpus.vocabularySize)
        _ = try neural.train(on: counts, l2: 0, steps: 300, learningRate: 0.3)
        func sampleBigram(_ table: [[Double]]) throws -> [Int] {
            let generator = RandomGenerator(seed: Self.sampleSeed)
            var tokens = prompt
            for _ in 0..<Self.sampleLength { tokens.append(try sampleIndex(table[tokens.last!], generator: generator)) }
            return Array(tokens.dropFirst())
        }
        let neuralTable = neural.probabilities

        // Chapter 6's MLP, unchanged but for the vocabulary.
        let mlp = try MLPLanguageModel(contextLength: 3, embeddingSize: 10, hiddenSize: TrainedLanguageModel.hiddenSize,
                                   vocabularySize: corpus.vocabularySize, seed: 1)
        _ = try TrainedLanguageModel.training.train(mlp, on: ContextWindows(stream: corpus.train, contextLength: 3))
        let mlpGenerator = RandomGenerator(seed: Self.sampleSeed)
        var mlpTokens = Array(repeating: prompt[0], count: 3)
        for _ in 0..<Self.sampleLength {
            try mlpTokens.append(sampleIndex(softmax(mlp.logits(contexts: Array(mlpTokens.suffix(3))).values), generator: mlpGenerator))
        }

        // The GPT.
        gpt = try FusedGPT<Float>(configuration: Self.configuration, vocabularySize: corpus.vocabularySize, seed: Self.modelSeed)
        history = try Self.training.train(gpt, on: corpus)
        let gptSample = try gpt.generate(after: prompt, count: Self.sampleLength, generator: RandomGenerator(seed: Self.sampleSeed))

        results = [
            try result(.countingBigram, negativeLogLikelihood(counting, sequences: [devStream]), sampleBigram(counting)),
            try result(.neuralBigram, negativeLogLikelihood(neuralTable, sequences: [devStream]), sampleBigram(neuralTable)),
            try result(.mlp, mlp.negativeLogLikelihood(ContextWindows(stream: devStream, contextLength: 3)), Array(mlpTokens.dropFirst(3))),
            try result(.gpt, history.devLoss.last!.loss, gptSample),
        ]
    }
}

extension GPTMainRun {
    private static let runs = OncePerRoot { root in try GPTMainRun(corpus: CharacterCorpus.shakespeare(root: root)) }

    /// The run on Shakespeare in the package at `root`, made once per process: M8's outcome
    /// suite judges it, and later chapters fine-tune, quantize or serve its trained GPT (copy
    /// its weights first: the model's buffers are not shared safely).
    public static func shared(root: URL) throws -> GPTMainRun { try runs.value(root: root) }
}
