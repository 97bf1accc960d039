import Foundation
import GSL

// listing: sample-index
/// Draws one index from a probability vector: the first index whose cumulative probability
/// passes a uniform number in [0, 1). Throws `ArgumentError` for an empty vector, an entry
/// that is negative or not finite, or entries that do not sum to 1 (within 1e-6).
public func sampleIndex(_ probabilities: [Double], generator: RandomGenerator) throws -> Int {
    try ArgumentError.require(!probabilities.isEmpty, "probabilities.count", 0, allowed: "needs at least one entry")
    if let bad = probabilities.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
        throw ArgumentError(parameter: "probabilities[\(bad)]", value: "\(probabilities[bad])", allowed: "must be finite and ≥ 0")
    }
    let total = probabilities.reduce(0, +)
    try ArgumentError.require(abs(total - 1) <= 1e-6, "sum of probabilities", total, allowed: "must be 1 (within 1e-6)")
    let u = generator.uniform()
    var cumulative = 0.0
    for (index, p) in probabilities.enumerated() {
        cumulative += p
        if u < cumulative { return index }
    }
    return probabilities.lastIndex(where: { $0 > 0 })!   // rounding left the sum just below 1
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
///
/// The limits have a meaning of their own: temperature 0 is greedy decoding (always the
/// largest logit, the lowest id among ties); a `topK` of at least the vocabulary keeps every
/// token. A negative or non-finite temperature and a `topK` below 1 mean nothing, and
/// `validate()` (called by every function that samples) throws `ArgumentError` for them.
public struct SamplingSettings: Sendable, Equatable {
    public var temperature: Double
    public var topK: Int?

    public init(temperature: Double = 1, topK: Int? = nil) {
        self.temperature = temperature
        self.topK = topK
    }

    /// Plain sampling from the model's own distribution.
    public static let unmodified = SamplingSettings()
    /// Always the most likely next token.
    public static let greedy = SamplingSettings(temperature: 0)
    /// The workbook's setting for showing a GPT's text (`workbook train m8`).
    public static let showcase = SamplingSettings(temperature: 0.8, topK: 20)

    /// Throws `ArgumentError` for a temperature that is negative or not finite, or a `topK` below 1.
    public func validate() throws {
        try ArgumentError.require(temperature.isFinite && temperature >= 0, "temperature", temperature,
                                  allowed: "must be finite and ≥ 0 (0 is greedy decoding)")
        if let topK { try ArgumentError.requireAtLeast(1, topK, "topK") }
    }

    /// The distribution these settings draw from. The logits are shifted by their maximum
    /// before the division, so that even a tiny temperature gives −∞, never NaN. Throws
    /// `ArgumentError` for invalid settings, no logits, or a logit that is NaN or +∞ (−∞ is a
    /// token with probability 0).
    public func probabilities(logits: [Double]) throws -> [Double] {
        try validate()
        try ArgumentError.require(!logits.isEmpty, "logits.count", 0, allowed: "sampling needs at least one logit")
        if let bad = logits.firstIndex(where: { $0.isNaN || $0 == .infinity }) {
            throw ArgumentError(parameter: "logits[\(bad)]", value: "\(logits[bad])", allowed: "logits must be finite or −∞")
        }
        let maximum = logits.max()!
        try ArgumentError.require(maximum > -.infinity, "logits", "all −∞", allowed: "at least one token needs a finite logit")
        if temperature == 0 {
            let best = logits.firstIndex(of: maximum)!
            return logits.indices.map { $0 == best ? 1 : 0 }
        }
        let scaled = logits.map { ($0 - maximum) / temperature }
        return softmax(Self.keepingTop(topK, of: scaled))
    }

    /// Every logit below the k-th largest set to −∞ (probability 0); all of them for a k of
    /// at least their count, or nil. (Ties with the k-th largest are kept.)
    static func keepingTop(_ k: Int?, of logits: [Double]) -> [Double] {
        guard let k, k < logits.count else { return logits }
        let threshold = logits.sorted(by: >)[k - 1]
        return logits.map { $0 >= threshold ? $0 : -.infinity }
    }

    /// One token id drawn from `logits` (throws as `probabilities(logits:)`).
    public func sample(logits: [Double], generator: RandomGenerator) throws -> Int {
        try sampleIndex(probabilities(logits: logits), generator: generator)
    }
}
// end listing
