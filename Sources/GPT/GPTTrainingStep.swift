import AutogradEngine
import Numerics
import Optimization

extension GPTModel {
    // listing: training-step
    /// One step of the engine model (the reference the fused path is tested against): the
    /// batch's loss, its gradient by backpropagation, the global norm clipped, an AdamW update,
    /// and the gradients forgotten. Stops with the step number if the loss is not finite.
    /// Returns the loss and the gradient norm before clipping.
    public func trainingStep(_ batch: (inputs: [Int], targets: [Int]), optimizer: inout Adam, learningRate: Double,
                             clipNorm: Double = AdamWSettings.gpt.clipNorm, step: Int) throws -> (loss: Double, norm: Double) {
        let loss = try loss(inputs: batch.inputs, targets: batch.targets, sequences: configuration.batchSize)
        try NonFiniteValueError.check([loss.scalar], "training loss", step: step)
        try loss.backward()
        let norm = try clipGradientNorm(parameters, maxNorm: clipNorm, errorIfNonFinite: false)
        try NonFiniteValueError.check([norm], "gradient norm", step: step)
        try optimizer.step(parameters, learningRate: learningRate)
        parameters.forEach { $0.zeroGradient() }
        return try (loss.scalar, norm)
    }
    // end listing
}
