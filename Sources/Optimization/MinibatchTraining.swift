import AutogradEngine
import GSL
import Numerics

/// What one training run went through.
public struct TrainingRun: Sendable {
    /// Full training-set loss before training and after each epoch.
    public var trainLosses: [Double]
    /// Validation loss at the same points (empty without validation data).
    public var validationLosses: [Double]
    /// The learning rate of every step.
    public var learningRates: [Double]
    /// The epoch whose parameters were kept (the best validation loss under early stopping).
    public var keptEpoch: Int
    public var stoppedEarly: Bool

    public func epochsToReach(_ threshold: Double) -> Int? { trainLosses.firstIndex { $0 <= threshold } }
}

/// Minibatch training: each epoch visits the training set in a seeded random order, in
/// batches, one optimizer step per batch. With `patience`, training stops once the
/// validation loss has not improved for that many epochs and the best parameters are restored.
public struct MinibatchTraining: Sendable {
    public var epochs: Int
    public var batchSize: Int
    public var shuffleSeed: UInt
    public var patience: Int?

    public init(epochs: Int, batchSize: Int, shuffleSeed: UInt, patience: Int? = nil) {
        self.epochs = epochs; self.batchSize = batchSize; self.shuffleSeed = shuffleSeed; self.patience = patience
    }

    /// Optimizer steps in one pass over `examples` (the last batch may be smaller); throws
    /// `ArgumentError` for a batch size below 1 or a negative count.
    public func stepsPerEpoch(_ examples: Int) throws -> Int {
        try ArgumentError.requireAtLeast(1, batchSize, "batchSize")
        try ArgumentError.requireAtLeast(0, examples, "examples")
        return examples / batchSize + (examples % batchSize == 0 ? 0 : 1)
    }

    /// Throws `ArgumentError` unless epochs, batch size and patience (if any) are at least 1.
    public func validate() throws {
        try ArgumentError.requireAtLeast(1, epochs, "epochs")
        try ArgumentError.requireAtLeast(1, batchSize, "batchSize")
        if let patience { try ArgumentError.requireAtLeast(1, patience, "patience") }
    }

    // listing: training-loop
    public func train(
        _ network: DenseNetwork, optimizer: inout some Optimizer, learningRate: (Int) throws -> Double,
        on train: LabeledDataset, validation: LabeledDataset? = nil,
        progress: ((_ epoch: Int, _ loss: Double) -> Void)? = nil
    ) throws -> TrainingRun {
        try validate()
        try ArgumentError.require(train.count > 0, "train.count", 0, allowed: "training needs at least one example")
        // exercise: M4.2 write the minibatch training loop: a seeded shuffle each epoch, loss, backward, the optimizer's step at the scheduled rate, early stopping on the validation loss with the best parameters restored (Chapter 4, the training loop)
        let generator = RandomGenerator(seed: shuffleSeed)
        var run = TrainingRun(trainLosses: [try network.loss(on: train).scalar],
                              validationLosses: try validation.map { [try network.loss(on: $0).scalar] } ?? [],
                              learningRates: [], keptEpoch: 0, stoppedEarly: false)
        var best = (loss: run.validationLosses.first ?? .infinity, epoch: 0, parameters: network.snapshot())
        var step = 0
        for epoch in 1...epochs {
            let order = try generator.permutation(of: train.count)
            for start in stride(from: 0, to: train.count, by: batchSize) {
                let batch = try train.selecting(Array(order[start..<min(start + batchSize, train.count)]))
                let loss = try network.loss(on: batch)
                try NonFiniteValueError.check([loss.scalar], "minibatch loss", step: step)
                try loss.backward()
                let rate = try learningRate(step)
                try optimizer.step(network.parameters, learningRate: rate)
                network.parameters.forEach { $0.zeroGradient() }
                run.learningRates.append(rate)
                step += 1
            }
            try run.trainLosses.append(network.loss(on: train).scalar)
            progress?(epoch, run.trainLosses.last!)
            guard let validation else { continue }
            try run.validationLosses.append(network.loss(on: validation).scalar)
            if run.validationLosses.last! < best.loss {
                best = (run.validationLosses.last!, epoch, network.snapshot())
            } else if let patience, epoch - best.epoch >= patience {
                run.stoppedEarly = true
                break
            }
        }
        run.keptEpoch = validation == nil ? run.trainLosses.count - 1 : best.epoch
        if validation != nil { try network.restore(best.parameters) }
        return run
        // end exercise
    }
    // end listing
}
