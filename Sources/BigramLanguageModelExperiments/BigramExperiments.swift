import Foundation
import GSL
import ExperimentRecords
import Numerics
import BigramLanguageModel

/// Counting and neural bigram models on the word list, their samples, and the smoothing ablation.
public struct BigramExperiment: Sendable {
    public static let smoothingGrid: [Double] = [0.0001, 0.001, 0.01, 0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000]
    public static let neuralSteps = 500
    public static let neuralRate = 0.1
    public static let sampleSeed: UInt = 5
    public static let sampleCount = 1000

    public let trainWords: Int
    /// Dev NLL (nats per character) for each k of the grid.
    public let smoothing: [(k: Double, devNLL: Double)]
    public let neuralLosses: [Double]
    public let neuralDevNLL: Double
    public let countingTestNLL: Double
    public let quality: SampleQuality

    public init(words: WordList) throws {
        let counts = try BigramCounts(words: words.train)
        let dev = try words.dev.map(CharacterVocabulary.encode)
        trainWords = words.train.count
        smoothing = try Self.smoothingGrid.map { k in (k, try negativeLogLikelihood(try smoothedProbabilities(counts, k: k), sequences: dev)) }
        let neural = try NeuralBigram(size: CharacterVocabulary.size)
        neuralLosses = try neural.train(on: counts, l2: 0, steps: Self.neuralSteps, learningRate: Self.neuralRate)
        neuralDevNLL = try negativeLogLikelihood(neural.probabilities, sequences: dev)
        let best = try smoothedProbabilities(counts, k: smoothing.min { $0.devNLL < $1.devNLL }!.k)
        countingTestNLL = try negativeLogLikelihood(best, sequences: words.test.map(CharacterVocabulary.encode))
        let generator = RandomGenerator(seed: Self.sampleSeed)
        quality = SampleQuality(samples: try (0..<Self.sampleCount).map { _ in try sampleWord(best, generator: generator) },
                                training: Set(words.train), heldOut: Set(words.dev + words.test))
    }

    public var best: (k: Double, devNLL: Double) { smoothing.min { $0.devNLL < $1.devNLL }! }
    public var bestIsInterior: Bool { best.k != smoothing.first!.k && best.k != smoothing.last!.k }
}

/// A bigram model of text from the Markov source, against the source's entropy rate.
public struct MarkovExperiment: Sendable {
    public static let testSymbols = 100_000
    public static let trainingSizes = [1_000, 3_000, 10_000, 30_000, 100_000, 200_000]
    public static let seed: UInt = 1

    public let entropyRate: Double
    /// Test cross-entropy of the add-0.01 bigram trained on each size.
    public let crossEntropies: [(symbols: Int, crossEntropy: Double)]
    /// The true transition matrix's cross-entropy on the same test symbols: where the entropy
    /// rate lands on this finite sample.
    public let trueModelCrossEntropy: Double

    public init(source: MarkovSource) throws {
        entropyRate = source.entropyRate
        let sequence = try source.generate(count: Self.trainingSizes.last! + Self.testSymbols, seed: Self.seed)
        let test = [Array(sequence[Self.trainingSizes.last!...])]
        trueModelCrossEntropy = try negativeLogLikelihood(source.transitions, sequences: test)
        crossEntropies = try Self.trainingSizes.map { n in
            let counts = try BigramCounts(sequences: [Array(sequence[..<n])], size: source.size)
            return (n, try negativeLogLikelihood(smoothedProbabilities(counts, k: 0.01), sequences: test))
        }
    }

    public var finalCrossEntropy: Double { crossEntropies.last!.crossEntropy }
    public var relativeExcess: Double { (finalCrossEntropy - entropyRate) / entropyRate }
}
