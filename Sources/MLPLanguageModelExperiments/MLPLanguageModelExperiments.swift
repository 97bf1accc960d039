import AutogradEngine
import BigramLanguageModel
import Foundation
import GSL
import ExperimentRecords
import Numerics
import MLPLanguageModel
import BigramLanguageModelExperiments

/// One trained MLP language model and its dev and test NLL.
public struct TrainedLanguageModel {
    public static let hiddenSize = 100
    public static let training = LanguageModelTraining(steps: 2000, batchSize: 128, peakRate: 0.01, seed: 2)

    public let model: MLPLanguageModel
    public let trainingLosses: [Double]
    public let devNLL: Double
    public let testNLL: Double

    public init(words: WordList, contextLength: Int, embeddingSize: Int) throws {
        model = try MLPLanguageModel(contextLength: contextLength, embeddingSize: embeddingSize, hiddenSize: Self.hiddenSize, seed: 1)
        trainingLosses = try Self.training.train(model, on: ContextWindows(words: words.train, contextLength: contextLength))
        devNLL = try model.negativeLogLikelihood(ContextWindows(words: words.dev, contextLength: contextLength))
        testNLL = try model.negativeLogLikelihood(ContextWindows(words: words.test, contextLength: contextLength))
    }
}

/// The context-length ablation (1, 2, 3 characters, embeddings of size 10) against the bigram,
/// with samples from the 3-character model.
public struct ContextExperiment: @unchecked Sendable {
    public static let contextLengths = [1, 2, 3]
    public static let sampleSeed: UInt = 5

    public let runs: [TrainedLanguageModel]
    public let bigramDevNLL: Double
    public let bigramTestNLL: Double
    public let quality: SampleQuality

    public init(words: WordList) throws {
        runs = try Self.contextLengths.map { try TrainedLanguageModel(words: words, contextLength: $0, embeddingSize: 10) }
        let counts = try BigramCounts(words: words.train)
        let bigram = try smoothedProbabilities(counts, k: 0.1)
        bigramDevNLL = try BigramLanguageModel.negativeLogLikelihood(bigram, sequences: words.dev.map(CharacterVocabulary.encode))
        bigramTestNLL = try BigramLanguageModel.negativeLogLikelihood(bigram, sequences: words.test.map(CharacterVocabulary.encode))
        let generator = RandomGenerator(seed: Self.sampleSeed), sampler = runs.last!.model
        quality = SampleQuality(samples: try (0..<1000).map { _ in try sampler.sampleWord(generator: generator) },
                                training: Set(words.train), heldOut: Set(words.dev + words.test))
    }

    public var main: TrainedLanguageModel { runs.last! }
}

/// A model with two-dimensional embeddings, to look at them: do the vowels cluster?
public struct EmbeddingExperiment: @unchecked Sendable {
    public static let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
    public let run: TrainedLanguageModel

    public init(words: WordList) throws {
        run = try TrainedLanguageModel(words: words, contextLength: 3, embeddingSize: 2)
    }

    /// Each letter's 2-D embedding.
    public var points: [(letter: Character, x: Double, y: Double)] {
        (1..<CharacterVocabulary.size).map { i in
            (CharacterVocabulary.symbols[i], run.model.embeddings.values[2 * i], run.model.embeddings.values[2 * i + 1])
        }
    }

    // listing: vowel-clustering
    /// Mean distance between two vowels divided by the mean distance between a vowel and a
    /// consonant: below 1, vowels sit closer to each other than to the consonants.
    public var vowelClusteringRatio: Double { get throws {
        let vowels = points.filter { Self.vowels.contains($0.letter) }, consonants = points.filter { !Self.vowels.contains($0.letter) }
        let distance = { (a: (letter: Character, x: Double, y: Double), b: (letter: Character, x: Double, y: Double)) in
            ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
        }
        let within = vowels.indices.flatMap { i in vowels.indices.filter { $0 > i }.map { distance(vowels[i], vowels[$0]) } }
        let across = vowels.flatMap { v in consonants.map { distance(v, $0) } }
        return (within.reduce(0, +) / Double(within.count)) / (across.reduce(0, +) / Double(across.count))
    } }
    // end listing
}

/// The model's gradients against GSL on a tiny configuration (every parameter tensor).
public struct LanguageModelGradientCheck: Sendable {
    public let checks: [(name: String, check: GradientCheck)]

    public init(words: WordList) throws {
        let model = try MLPLanguageModel(contextLength: 3, embeddingSize: 2, hiddenSize: 4, seed: 3)
        let examples = try ContextWindows(words: Array(words.train.prefix(2)), contextLength: 3)
        let batch = try examples.batch(Array(0..<examples.count))
        try model.loss(batch).backward()
        let names = ["embeddings", "hidden weights", "hidden bias", "output weights", "output bias"]
        checks = try zip(names, model.parameters).map { name, parameter in
            let original = parameter.values, gradient = parameter.gradient!
            let check = try GradientCheck(function: { values in
                try parameter.update { θ, _ in θ = values }
                let loss = try model.loss(batch).scalar
                try parameter.update { θ, _ in θ = original }
                return loss
            }, gradient: gradient, at: original, relativeTolerance: 1e-6)
            return (name, check)
        }
    }
}
