import AutogradEngine
import Optimization

/// The bigram model as a one-layer network: a V×V table of logits W, one row per previous
/// character, trained by gradient descent on the engine.
public struct NeuralBigram {
    public let logits: Tensor

    public init(size: Int) {
        logits = Tensor(Array(repeating: 0, count: size * size), shape: [size, size])
    }

    // listing: neural-bigram-loss
    /// The mean cross-entropy over every bigram in the training words, computed from the
    /// counts C: −Σᵢⱼ Cᵢⱼ log softmax(Wᵢ)ⱼ / N. Each pair that occurs Cᵢⱼ times contributes
    /// Cᵢⱼ identical terms, so the counts are sufficient statistics: one V×V step is a full
    /// pass over hundreds of thousands of characters. `l2` adds (λ/2)‖W‖².
    public func loss(_ bigrams: BigramCounts, l2: Double) -> Tensor {
        let counts = Tensor(bigrams.counts.joined().map { $0 }, shape: [bigrams.size, bigrams.size])
        let crossEntropy = (counts * logits.logSoftmax()).sum() * (-1 / bigrams.total)
        return crossEntropy + (logits * logits).sum() * (l2 / 2)
    }
    // end listing

    /// Full-batch Adam for `steps` steps; returns the loss after each step.
    public func train(on bigrams: BigramCounts, l2: Double, steps: Int, learningRate: Double) -> [Double] {
        var optimizer = Adam()
        var losses: [Double] = []
        for _ in 0..<steps {
            let loss = self.loss(bigrams, l2: l2)
            losses.append(loss.scalar)
            loss.backward()
            optimizer.step([logits], learningRate: learningRate)
            logits.zeroGradient()
        }
        return losses
    }

    /// P(next | previous) = softmax of each row of W.
    public var probabilities: [[Double]] {
        let p = logits.softmax().values, size = logits.shape[0]
        return (0..<size).map { Array(p[($0 * size)..<(($0 + 1) * size)]) }
    }
}
