import Foundation
import Numerics
import Optimization

extension FusedGPT {
    /// Runs `body(0)`, …, `body(count − 1)`, on separate cores when `count` is 2.
    func inParallel(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if count == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: count, execute: body) }
    }

    /// One training step on a batch: forward, backward, clip and update with `optimizer`.
    /// Stops with the step number if the loss is not finite. Returns the loss and the gradient
    /// norm before clipping. With two workers each half of the batch runs on its own core; the
    /// gradient of the whole batch's mean loss is the mean of the halves' gradients. Throws
    /// `ArgumentError` unless the batch is whole blocks of valid ids with a target each, the
    /// learning rate finite and ≥ 0 and the settings valid; `NonFiniteValueError` with the
    /// step for a loss or gradient norm that is not finite.
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public func trainingStep(_ batch: (inputs: [Int], targets: [Int]), learningRate: Double, step: Int,
                             optimizer: AdamWSettings = .gpt) throws -> (loss: Double, norm: Double) {
        let sequences = batch.inputs.count / configuration.blockSize
        try ArgumentError.require(sequences >= 1 && sequences * configuration.blockSize == batch.inputs.count, "batch.inputs.count",
                                  batch.inputs.count, allowed: "whole blocks of \(configuration.blockSize) tokens, at least one")
        _ = try configuration.batchLength(tokens: batch.inputs, targets: batch.targets, sequences: sequences, vocabularySize: vocabularySize, allowingIgnored: true)
        try validateUpdate(learningRate: learningRate, settings: optimizer)
        try requireNoLowRankTerms("trainingStep")
        let loss: Double
        if workers == 2 && sequences % 2 == 0 {
            let half = batch.inputs.count / 2
            // The workers read the shared weights and write only their own buffers.
            nonisolated(unsafe) let model = self
            nonisolated(unsafe) let parts = (0..<2).map { activations(sequences: sequences / 2, length: configuration.blockSize, worker: $0) }
            nonisolated(unsafe) let destinations = [gradients, workerGradients]
            // Each half divides by half the targets counted in both, so the mean of the two
            // gradients is the whole batch's (the halves may count different numbers).
            func countedTargets(_ targets: ArraySlice<Int>) -> Int { targets.reduce(0) { $0 + ($1 == ignoreIndex ? 0 : 1) } }
            let first = countedTargets(batch.targets[..<half]), counted = first + countedTargets(batch.targets[half...])
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                let range = (k * half)..<((k + 1) * half)
                model.forward(parts[k], inputs: Array(batch.inputs[range]), targets: Array(batch.targets[range]))
                parts[k].lossDenominator = Double(counted) / 2
                if parts[k].loss.isFinite { model.backward(parts[k], into: destinations[k]) }
            }
            // The halves' means weighted by their counts (the plain mean when they count alike).
            loss = 2 * first == counted ? (parts[0].loss + parts[1].loss) / 2
                : (parts[0].loss * Double(first) + parts[1].loss * Double(counted - first)) / Double(counted)
            try NonFiniteValueError.check([loss], "training loss", step: step)
            return (loss, try update(learningRate: learningRate, settings: optimizer, averagingWorkers: true, step: step))
        } else {
            loss = try forward(batch.inputs, targets: batch.targets, sequences: sequences)!
            if loss.isFinite { try backward() }
        }
        try NonFiniteValueError.check([loss], "training loss", step: step)
        return (loss, try update(learningRate: learningRate, settings: optimizer, averagingWorkers: false, step: step))
    }
}
