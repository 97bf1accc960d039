import Numerics

/// Full-batch gradient descent with momentum (the "heavy ball"): the velocity accumulates
/// past gradients, v ← μv + g, and the parameters move against it, θ ← θ − ηv.
/// Chapter 4 compares it with the other optimizers; here it just makes training affordable.
public struct MomentumDescent: Sendable, Equatable {
    public var learningRate: Double
    public var momentum: Double
    public var epochs: Int

    public init(learningRate: Double, momentum: Double, epochs: Int) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.epochs = epochs
    }

    /// Throws `ArgumentError` unless the rate is a finite number above 0, momentum is in
    /// [0, 1) and there is at least one epoch (`train` checks before the first step).
    public func validate() throws {
        try ArgumentError.requirePositive(learningRate, "learningRate")
        try ArgumentError.require(momentum >= 0 && momentum < 1, "momentum", momentum, allowed: "must be in [0, 1)")
        try ArgumentError.requireAtLeast(1, epochs, "epochs")
    }

    // listing: momentum-descent
    public func train(
        _ model: inout MultilayerPerceptronModel, on data: LabeledDataset,
        progress: ((_ epoch: Int, _ loss: Double) -> Void)? = nil
    ) throws -> TrainingHistory {
        try validate()
        // exercise: M2.3 write the momentum training loop: v ← μv + g, θ ← θ − ηv for every layer, every epoch (Chapter 2, momentum)
        var weightVelocity = try model.layers.map { try Matrix(rows: $0.weights.rows, columns: $0.weights.columns) }
        var biasVelocity = model.layers.map { Array(repeating: 0.0, count: $0.bias.count) }
        var losses: [Double] = []
        for epoch in 0..<epochs {
            let (loss, gradients) = try model.lossAndGradients(on: data)
            try NonFiniteValueError.check([loss], "training loss", step: epoch)
            losses.append(loss)
            for l in model.layers.indices {
                try weightVelocity[l].combine(with: gradients.weights[l]) { v, g in momentum * v + g }
                biasVelocity[l] = zip(biasVelocity[l], gradients.biases[l]).map { v, g in momentum * v + g }
                try model.layers[l].weights.combine(with: weightVelocity[l]) { w, v in w - learningRate * v }
                model.layers[l].bias = zip(model.layers[l].bias, biasVelocity[l]).map { b, v in b - learningRate * v }
            }
            progress?(epoch + 1, loss)
        }
        let final = try model.lossAndGradients(on: data).loss
        try NonFiniteValueError.check([final], "training loss", step: epochs)
        losses.append(final)
        return TrainingHistory(losses: losses)
        // end exercise
    }
    // end listing
}
