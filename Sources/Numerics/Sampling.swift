import Foundation
import GSL

// listing: sample-index
/// Draws one index from a probability vector: the first index whose cumulative probability
/// passes a uniform number in [0, 1).
public func sampleIndex(_ probabilities: [Double], generator: RandomGenerator) -> Int {
    let u = generator.uniform()
    var cumulative = 0.0
    for (index, p) in probabilities.enumerated() {
        cumulative += p
        if u < cumulative { return index }
    }
    return probabilities.count - 1          // rounding left the sum just below 1
}
// end listing

/// log softmax of one vector of logits: xᵢ − log Σⱼ e^(xⱼ), computed as (xᵢ − m) − log Σⱼ e^(xⱼ − m)
/// with m the maximum, so no exponential overflows and m is never added to the small log-sum.
public func logSoftmax(_ logits: [Double]) -> [Double] {
    guard let maximum = logits.max() else { return [] }
    let logSum = log(logits.reduce(0) { $0 + exp($1 - maximum) })
    return logits.map { ($0 - maximum) - logSum }
}

/// softmax of one vector of logits, as e^(log softmax): probabilities that sum to 1.
public func softmax(_ logits: [Double]) -> [Double] { logSoftmax(logits).map(exp) }

// listing: temperature-top-k
/// How a next token is drawn from a model's logits: divide them by `temperature` (below 1
/// sharpens, above 1 flattens), keep only the `topK` largest if given, then sample from
/// their softmax.
public struct SamplingSettings: Sendable, Equatable {
    public var temperature: Double
    public var topK: Int?

    public init(temperature: Double = 1, topK: Int? = nil) {
        self.temperature = temperature
        self.topK = topK
    }

    /// Plain sampling from the model's own distribution.
    public static let unmodified = SamplingSettings()
    /// The workbook's setting for showing a GPT's text (`workbook train m8`).
    public static let showcase = SamplingSettings(temperature: 0.8, topK: 20)

    /// The distribution these settings draw from.
    public func probabilities(logits: [Double]) -> [Double] {
        let scaled = logits.map { $0 / temperature }
        return softmax(Self.keepingTop(topK, of: scaled))
    }

    /// Every logit below the k-th largest set to −∞ (probability 0).
    public static func keepingTop(_ k: Int?, of logits: [Double]) -> [Double] {
        guard let k, k < logits.count else { return logits }
        let threshold = logits.sorted(by: >)[k - 1]
        return logits.map { $0 >= threshold ? $0 : -.infinity }
    }

    /// One token id drawn from `logits`.
    public func sample(logits: [Double], generator: RandomGenerator) -> Int {
        sampleIndex(probabilities(logits: logits), generator: generator)
    }
}
// end listing
