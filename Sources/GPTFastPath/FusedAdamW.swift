import Foundation
import Numerics
import Optimization
import GPT

extension FusedGPT {
    // listing: fused-adamw
    /// Global gradient-norm clipping and AdamW over the flat arrays: the same arithmetic as
    /// Chapter 4's `Adam` and `clipGradientNorm`, one loop per tensor (decay on matrices and
    /// embeddings only). Returns the gradient norm before clipping. With two workers, each
    /// core takes half of the tensors (and first averages the two workers' gradients there).
    /// Throws `ArgumentError` for a learning rate that is negative or not finite or invalid
    /// settings, and `NonFiniteValueError` (before any weight changes) for a gradient norm
    /// that is NaN or ∞.
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    @discardableResult
    public func update(learningRate: Double, settings: AdamWSettings = .gpt) throws -> Double {
        try validateUpdate(learningRate: learningRate, settings: settings)
        return try update(learningRate: learningRate, settings: settings, averagingWorkers: false, step: nil)
    }

    /// Throws `ArgumentError` for a learning rate or settings `update` refuses, including values
    /// valid as Doubles that Scalar cannot hold (a trainer with its own AdamW loop checks with this).
    public func validateUpdate(learningRate: Double, settings: AdamWSettings) throws {
        try validateLearningRate(learningRate)
        try settings.validate()
        // What is valid as a Double may not be in Float: ε = 1e-46 becomes 0, a rate of 1e39 ∞.
        for (name, value) in [("learningRate", learningRate), ("epsilon", settings.epsilon),
                              ("learningRate × weightDecay", learningRate * settings.weightDecay)] {
            try ArgumentError.require(Scalar(value).isFinite && (value == 0 || Scalar(value) != 0), name, value,
                                      allowed: "must be representable in \(Scalar.self), neither overflowing nor rounding to 0")
        }
    }

    func update(learningRate: Double, settings: AdamWSettings, averagingWorkers: Bool, step: Int?) throws -> Double {
        let (clipNorm, beta1, beta2) = (settings.clipNorm, settings.beta1, settings.beta2)
        let (epsilon, weightDecay) = (settings.epsilon, settings.weightDecay)
        nonisolated(unsafe) let g = gradients.pointer, other = workerGradients.pointer
        let shards = workers == 1 ? layout.wholeShard : layout.halfShards
        // Σ g², shard by shard (each in a fixed order, so a run repeats exactly).
        nonisolated(unsafe) let squares = Buffer<Double>(shards.count)
        inParallel(shards.count) { k in
            var sum = 0.0
            for (range, _) in shards[k] {
                let start = g + range.lowerBound
                if averagingWorkers { for i in range { g[i] = (g[i] + other[i]) * 0.5 } }
                sum += FusedKernels<Scalar>.sum(range.count) { Double(start[$0]) * Double(start[$0]) }
            }
            squares.pointer[k] = sum
        }
        var norm = (0..<shards.count).reduce(0) { $0 + squares.pointer[$1] }.squareRoot()
        // Σ g² in Double cannot overflow for Float gradients; for Double ones it can, and the
        // scaled norm then says whether the gradient itself is finite.
        if !norm.isFinite { norm = euclideanNorm([Array(UnsafeBufferPointer(start: g, count: layout.count)).map(Double.init)]) }
        try NonFiniteValueError.check([norm], "gradient norm", step: step)
        let clip = Scalar(norm > clipNorm ? clipNorm / (norm + 1e-6) : 1)
        adamSteps += 1
        let c1 = Scalar(1 - pow(beta1, Double(adamSteps))), c2 = Scalar(1 - pow(beta2, Double(adamSteps)))
        let (b1, b2, eps, rate) = (Scalar(beta1), Scalar(beta2), Scalar(epsilon), Scalar(learningRate))
        let decay = Scalar(learningRate * weightDecay)
        nonisolated(unsafe) let θ = parameters.pointer, m = firstMoment.pointer, v = secondMoment.pointer
        inParallel(shards.count) { k in
            for (range, decays) in shards[k] {
                // Two copies of one loop, so that neither has a branch inside and both vectorize.
                if decays {
                    for i in range {
                        let gi = g[i] * clip
                        let mi = b1 * m[i] + (1 - b1) * gi, vi = b2 * v[i] + (1 - b2) * gi * gi
                        let decayed = θ[i] - decay * θ[i]
                        m[i] = mi
                        v[i] = vi
                        θ[i] = decayed - rate * (mi / c1) / ((vi / c2).squareRoot() + eps)
                    }
                } else {
                    for i in range {
                        let gi = g[i] * clip
                        let mi = b1 * m[i] + (1 - b1) * gi, vi = b2 * v[i] + (1 - b2) * gi * gi
                        m[i] = mi
                        v[i] = vi
                        θ[i] -= rate * (mi / c1) / ((vi / c2).squareRoot() + eps)
                    }
                }
            }
        }
        return norm
    }
    // end listing
}
