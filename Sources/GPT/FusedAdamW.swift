import Foundation
import BigramLanguageModel
import GSL
import WorkbookCore

extension FusedGPT {
    // listing: fused-adamw
    /// Global gradient-norm clipping and AdamW over the flat arrays: the same arithmetic as
    /// Chapter 4's `Adam` and `clipGradientNorm`, one loop per tensor (decay on matrices and
    /// embeddings only). Returns the gradient norm before clipping. With two workers, each
    /// core takes half of the tensors (and first averages the two workers' gradients there).
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    @discardableResult
    public func update(learningRate: Double, clipNorm: Double = 1, beta1: Double = 0.9, beta2: Double = 0.99,
                       epsilon: Double = 1e-8, weightDecay: Double = 0.1) -> Double {
        update(learningRate: learningRate, clipNorm: clipNorm, beta1: beta1, beta2: beta2, epsilon: epsilon,
               weightDecay: weightDecay, averagingWorkers: false)
    }

    func update(learningRate: Double, clipNorm: Double, beta1: Double, beta2: Double, epsilon: Double,
                weightDecay: Double, averagingWorkers: Bool) -> Double {
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
        let norm = (0..<shards.count).reduce(0) { $0 + squares.pointer[$1] }.squareRoot()
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

    /// Runs `body(0)`, …, `body(count − 1)`, on separate cores when `count` is 2.
    func inParallel(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if count == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: count, execute: body) }
    }

    /// One training step on a batch: forward, backward, clip and update. Stops with the step
    /// number if the loss is not finite. Returns the loss and the gradient norm before clipping.
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    /// With two workers each half of the batch runs on its own core; the gradient of the
    /// whole batch's mean loss is the mean of the halves' gradients.
    public func trainingStep(_ batch: (inputs: [Int], targets: [Int]), learningRate: Double, step: Int) throws -> (loss: Double, norm: Double) {
        let sequences = batch.inputs.count / configuration.blockSize
        let loss: Double
        if workers == 2 && sequences % 2 == 0 {
            let half = batch.inputs.count / 2
            // The workers read the shared weights and write only their own buffers.
            nonisolated(unsafe) let model = self
            nonisolated(unsafe) let parts = (0..<2).map { activations(sequences: sequences / 2, length: configuration.blockSize, worker: $0) }
            nonisolated(unsafe) let destinations = [gradients, workerGradients]
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                let range = (k * half)..<((k + 1) * half)
                model.forward(parts[k], inputs: Array(batch.inputs[range]), targets: Array(batch.targets[range]))
                if parts[k].loss.isFinite { model.backward(parts[k], into: destinations[k]) }
            }
            loss = (parts[0].loss + parts[1].loss) / 2
            try NonFiniteValueError.check([loss], "training loss", step: step)
            return (loss, update(learningRate: learningRate, clipNorm: 1, beta1: 0.9, beta2: 0.99, epsilon: 1e-8, weightDecay: 0.1,
                                 averagingWorkers: true))
        } else {
            loss = forward(batch.inputs, targets: batch.targets, sequences: sequences)!
            if loss.isFinite { backward() }
        }
        try NonFiniteValueError.check([loss], "training loss", step: step)
        return (loss, update(learningRate: learningRate))
    }

    /// Continues `prompt` by `count` tokens with temperature and top-k, as `GPTModel.generate`.
    /// The context is padded on the right to a full block: causality makes the padding
    /// invisible to the last real position, and one buffer shape serves every step.
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public func generate(after prompt: [Int], count: Int, temperature: Double = 1, topK: Int? = nil,
                         generator: RandomGenerator) -> [Int] {
        var tokens = prompt
        let block = configuration.blockSize
        for _ in 0..<count {
            let context = Array(tokens.suffix(block))
            forward(context + Array(repeating: 0, count: block - context.count), targets: nil, sequences: 1)
            let logits = logits(row: context.count - 1).map { Double($0) / temperature }
            tokens.append(sampleIndex(GPTModel.probabilities(logits, topK: topK), generator: generator))
        }
        return Array(tokens.dropFirst(prompt.count))
    }
}
