import AutogradEngine
import Numerics
import Optimization

/// The bigram model as a one-layer network: a V×V table of logits W, one row per previous
/// character, trained by gradient descent on the engine.
public struct NeuralBigram {
    public let logits: Tensor

    /// Throws `ArgumentError` for a size below 1.
    public init(size: Int) throws {
        try ArgumentError.requireAtLeast(1, size, "size")
        logits = try Tensor(Array(repeating: 0, count: size * size), shape: [size, size])
    }

    // listing: neural-bigram-loss
    /// The mean cross-entropy over every bigram in the training words, computed from the
    /// counts C: −Σᵢⱼ Cᵢⱼ log softmax(Wᵢ)ⱼ / N. Each pair that occurs Cᵢⱼ times contributes
    /// Cᵢⱼ identical terms, so the counts are sufficient statistics: one V×V step is a full
    /// pass over hundreds of thousands of characters. `l2` adds (λ/2)‖W‖².
    public func loss(_ bigrams: BigramCounts, l2: Double) throws -> Tensor {
        try ArgumentError.require(bigrams.size == vocabularySize && bigrams.total > 0, "bigrams", "size \(bigrams.size), total \(bigrams.total)",
                                  allowed: "counts over this model's \(vocabularySize) ids, at least one pair")
        try ArgumentError.require(l2.isFinite && l2 >= 0, "l2", l2, allowed: "must be finite and ≥ 0")
        // exercise: M5.2 write the neural bigram's loss from the counts: −Σ Cᵢⱼ log softmax(Wᵢ)ⱼ / N plus (λ/2)‖W‖² (Chapter 5, the neural bigram)
        let counts = try Tensor(bigrams.counts.joined().map { $0 }, shape: [bigrams.size, bigrams.size])
        let crossEntropy = try (counts * logits.logSoftmax()).sum() * (-1 / bigrams.total)
        return try crossEntropy + (logits * logits).sum() * (l2 / 2)
        // end exercise
    }
    // end listing

    /// Full-batch Adam for `steps` steps; returns the loss before each step. Throws
    /// `ArgumentError` for fewer than 1 step and as `loss` and `Adam.step` do.
    public func train(on bigrams: BigramCounts, l2: Double, steps: Int, learningRate: Double) throws -> [Double] {
        try ArgumentError.requireAtLeast(1, steps, "steps")
        var optimizer = try Adam()
        var losses: [Double] = []
        for step in 0..<steps {
            let loss = try self.loss(bigrams, l2: l2)
            try losses.append(loss.scalar)
            try NonFiniteValueError.check([losses.last!], "training loss", step: step)
            try loss.backward()
            try optimizer.step([logits], learningRate: learningRate)
            logits.zeroGradient()
        }
        return losses
    }

    /// P(next | previous) = softmax of each row of W.
    public var probabilities: [[Double]] {
        let size = logits.shape[0]
        return (0..<size).map { Numerics.softmax(Array(logits.values[($0 * size)..<(($0 + 1) * size)])) }
    }
}
