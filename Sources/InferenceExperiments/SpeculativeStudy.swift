import Foundation
import GPT
import GPTFastPath
import Inference
import Numerics

/// Speculative decoding measured: a small draft GPT proposes, the target verifies, for each
/// lookahead k; per k the acceptance rate, target passes per generated token, whether every
/// output equals the target's own greedy output, and the wall-clock speed-up over plain greedy
/// decoding with the cache (reported, never asserted).
public struct SpeculativeStudy: Sendable {
    public struct Point: Sendable {
        public let lookahead: Int
        public let acceptanceRate: Double, targetPassesPerToken: Double
        /// Prompts whose speculative output differs from the target's greedy output.
        public let differing: Int
        public let seconds: Double
    }

    /// The suite's draft: one layer, two heads, 32 wide (the target is Chapter 8's tiny GPT,
    /// two layers, 64 wide: about a seventh of its block-matrix weights), trained on the same
    /// characters for `draftTraining`'s steps.
    public static let draftConfiguration = GPTConfiguration(layers: 1, heads: 2, width: 32, blockSize: 32, batchSize: 16)
    public static let draftTraining: GPTTraining = {
        var training = GPTTraining(steps: 600, seed: 3, evaluateEvery: 600, devCharacters: 16_384)
        training.peakRate = 6e-3
        return training
    }()
    public static let lookaheads = [2, 4, 6]

    public let prompts: Int, promptLength: Int, newTokens: Int
    public let targetDescription: String, draftDescription: String
    public let points: [Point]
    /// Seconds of plain greedy decoding of every prompt with the target's cache.
    public let plainSeconds: Double

    /// Throws as `SpeculativeDecoding.generate` does.
    public init(target: FusedGPT<Float>, draft: FusedGPT<Float>, prompts: [[Int]], count: Int, lookaheads: [Int] = Self.lookaheads) throws {
        let targetDecoder = try KVCacheDecoder(model: target), draftDecoder = try KVCacheDecoder(model: draft)
        let start = DispatchTime.now().uptimeNanoseconds
        let reference = try prompts.map { try targetDecoder.generate(prompts: [$0], count: count)[0] }
        plainSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        points = try lookaheads.map { k in
            let decoding = try SpeculativeDecoding(lookahead: k)
            let start = DispatchTime.now().uptimeNanoseconds
            let results = try prompts.map { try decoding.generate(target: targetDecoder, draft: draftDecoder, prompt: $0, count: count) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let drafted = results.reduce(0) { $0 + $1.drafted }, accepted = results.reduce(0) { $0 + $1.accepted }
            let passes = results.reduce(0) { $0 + $1.targetPasses }, tokens = results.reduce(0) { $0 + $1.ids.count }
            return Point(lookahead: k, acceptanceRate: Double(accepted) / Double(max(1, drafted)),
                         targetPassesPerToken: Double(passes) / Double(max(1, tokens)),
                         differing: zip(results, reference).filter { $0.ids != $1 }.count, seconds: seconds)
        }
        (self.prompts, promptLength, newTokens) = (prompts.count, prompts.first?.count ?? 0, count)
        func describe(_ m: FusedGPT<Float>) -> String {
            let c = m.configuration
            return "\(c.layers) layer\(c.layers == 1 ? "" : "s"), \(c.heads) heads, \(c.width) wide"
        }
        (targetDescription, draftDescription) = (describe(target), describe(draft))
    }

    /// `a`'s counts with each time the faster of `a`'s and `b`'s (two runs of one study).
    public init(fastestOf a: SpeculativeStudy, _ b: SpeculativeStudy) {
        (prompts, promptLength, newTokens, targetDescription, draftDescription) = (a.prompts, a.promptLength, a.newTokens, a.targetDescription, a.draftDescription)
        plainSeconds = min(a.plainSeconds, b.plainSeconds)
        points = zip(a.points, b.points).map { p, q in
            Point(lookahead: p.lookahead, acceptanceRate: p.acceptanceRate, targetPassesPerToken: p.targetPassesPerToken,
                  differing: max(p.differing, q.differing), seconds: min(p.seconds, q.seconds))
        }
    }

    /// `count` prompts of `length` characters from the dev text, evenly spaced.
    public static func prompts(corpus: CharacterCorpus, count: Int, length: Int) -> [[Int]] {
        let spacing = (corpus.validation.count - length) / count
        return (0..<count).map { Array(corpus.validation[($0 * spacing)..<($0 * spacing + length)]) }
    }

}

/// The suite's draft model, trained once: its weights (each user makes its own model from
/// them, since a model's buffers are not for two threads) and its dev loss.
public struct TrainedDraft: Sendable {
    public let configuration: GPTConfiguration, vocabularySize: Int
    public let parameters: [Float]
    public let devLoss: Double

    /// Trains `SpeculativeStudy.draftConfiguration` on `corpus` (seeded); throws as training does.
    public init(corpus: CharacterCorpus) throws {
        let model = try FusedGPT<Float>(configuration: SpeculativeStudy.draftConfiguration, vocabularySize: corpus.vocabularySize, seed: 1)
        let history = try SpeculativeStudy.draftTraining.train(model, on: corpus)
        (configuration, vocabularySize, parameters) = (model.configuration, model.vocabularySize, model.parameterValues)
        devLoss = history.devLoss.last!.loss
    }

    public func model() throws -> FusedGPT<Float> {
        try FusedGPT<Float>(configuration: configuration, vocabularySize: vocabularySize, parameters: parameters)
    }
}
