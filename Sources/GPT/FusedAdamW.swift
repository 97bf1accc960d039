import Foundation
import BigramLanguageModel
import GSL
import WorkbookCore

extension FusedGPT {
    // listing: fused-adamw
    /// Global gradient-norm clipping and AdamW over the flat arrays: the same arithmetic as
    /// Chapter 4's `Adam` and `clipGradientNorm`, one loop per tensor (decay on matrices and
    /// embeddings only). Returns the gradient norm before clipping.
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    @discardableResult
    public func update(learningRate: Double, clipNorm: Double = 1, beta1: Double = 0.9, beta2: Double = 0.99,
                       epsilon: Double = 1e-8, weightDecay: Double = 0.1) -> Double {
        let g = gradients.pointer, count = layout.count
        var squares = 0.0
        for i in 0..<count { squares += Double(g[i]) * Double(g[i]) }
        let norm = squares.squareRoot()
        if norm > clipNorm {
            let factor = Scalar(clipNorm / (norm + 1e-6))
            for i in 0..<count { g[i] *= factor }
        }
        adamSteps += 1
        let c1 = Scalar(1 - pow(beta1, Double(adamSteps))), c2 = Scalar(1 - pow(beta2, Double(adamSteps)))
        let (b1, b2, eps, rate) = (Scalar(beta1), Scalar(beta2), Scalar(epsilon), Scalar(learningRate))
        let decay = Scalar(learningRate * weightDecay)
        let θ = parameters.pointer, m = firstMoment.pointer, v = secondMoment.pointer
        var offset = 0
        for shape in layout.shapes {
            let end = offset + shape.reduce(1, *), decays = shape.count >= 2
            for i in offset..<end {
                if decays { θ[i] -= decay * θ[i] }
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                θ[i] -= rate * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
            }
            offset = end
        }
        return norm
    }
    // end listing

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
            let g = gradients.pointer, other = workerGradients.pointer
            for i in 0..<layout.count { g[i] = (g[i] + other[i]) * 0.5 }
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
