import Foundation
import GPT
import GSL
import Optimization
import Numerics

/// What a GPT training run recorded: training loss (mean over each logging interval), dev
/// loss at evaluation points, gradient norms before clipping, and wall time per step.
public struct GPTTrainingHistory: Sendable {
    public var trainLoss: [(step: Int, loss: Double)] = []
    public var devLoss: [(step: Int, loss: Double)] = []
    public var gradientNorms: [Double] = []
    public var stepSeconds: [Double] = []
}

/// AdamW (`optimizer`, the GPT's settings by default) under a linear warm-up and cosine decay
/// to a tenth of the peak rate, with global gradient clipping, on random windows from the
/// training split.
public struct GPTTraining: Sendable {
    public var steps: Int
    public var peakRate = 1e-3
    public var warmupSteps = 100
    public var optimizer = AdamWSettings.gpt
    public var seed: UInt
    public var logEvery = 50
    public var evaluateEvery: Int
    /// Validation characters the dev loss is measured on (nil: the whole validation split).
    public var devCharacters: Int?

    public init(steps: Int, seed: UInt, evaluateEvery: Int, devCharacters: Int?) {
        self.steps = steps; self.seed = seed; self.evaluateEvery = evaluateEvery; self.devCharacters = devCharacters
    }

    /// Throws `ArgumentError` unless steps, logging and evaluation intervals are at least 1,
    /// the warm-up ≥ 0, the peak rate finite and above 0, the optimizer settings valid and
    /// the dev set (if limited) at least 2 characters.
    public func validate() throws {
        try ArgumentError.requireAtLeast(1, steps, "steps")
        try ArgumentError.requireAtLeast(1, logEvery, "logEvery")
        try ArgumentError.requireAtLeast(1, evaluateEvery, "evaluateEvery")
        try ArgumentError.requireAtLeast(0, warmupSteps, "warmupSteps")
        try ArgumentError.requirePositive(peakRate, "peakRate")
        try optimizer.validate()
        if let devCharacters { try ArgumentError.requireAtLeast(2, devCharacters, "devCharacters") }
    }

    /// Trains the fused Float model; `progress` gets each step's number and loss. (Not
    /// generic: a generic caller would reach the unspecialized, tenfold slower code.)
    public func train(_ model: FusedGPT<Float>, on corpus: CharacterCorpus,
                      progress: ((_ step: Int, _ loss: Double) -> Void)? = nil) throws -> GPTTrainingHistory {
        let c = model.configuration
        return try train(configuration: c, on: corpus, progress: progress,
                         step: { batch, rate, step in try model.trainingStep(batch, learningRate: rate, step: step, optimizer: optimizer) },
                         devLoss: { dev in try model.meanLoss(inputs: dev.inputs, targets: dev.targets, length: c.blockSize) })
    }

    /// The training loop of any GPT trainer (the fused model, a fine-tuner): `step` takes a
    /// batch of random training windows, the scheduled learning rate and the step number and
    /// returns the loss and gradient norm; `devLoss` gives the mean loss on the dev windows.
    /// Throws as `validate()`, and `NonFiniteValueError` with the step for a dev loss that is
    /// not finite.
    public func train(configuration c: GPTConfiguration, on corpus: CharacterCorpus,
                      progress: ((_ step: Int, _ loss: Double) -> Void)? = nil,
                      step trainingStep: (_ batch: (inputs: [Int], targets: [Int]), _ learningRate: Double, _ step: Int) throws -> (loss: Double, norm: Double),
                      devLoss meanDevLoss: (_ dev: (inputs: [Int], targets: [Int], count: Int)) throws -> Double) throws -> GPTTrainingHistory {
        try validate()
        let generator = RandomGenerator(seed: seed)
        let schedule = try WarmupCosineSchedule(peak: peakRate, floor: peakRate / 10, warmupSteps: warmupSteps, totalSteps: steps)
        let dev = try corpus.validationWindows(length: c.blockSize, characters: devCharacters)
        func devLoss(_ step: Int) throws -> Double {
            let loss = try meanDevLoss(dev)
            try NonFiniteValueError.check([loss], "dev loss", step: step)
            return loss
        }
        var history = GPTTrainingHistory(), running = 0.0
        history.devLoss.append((0, try devLoss(0)))
        for step in 1...steps {
            let start = Date()
            let batch = try corpus.randomWindows(count: c.batchSize, length: c.blockSize, generator: generator)
            let (loss, norm) = try trainingStep(batch, schedule.rate(at: step - 1), step)
            history.stepSeconds.append(Date().timeIntervalSince(start))
            history.gradientNorms.append(norm)
            running += loss
            if step % logEvery == 0 {
                history.trainLoss.append((step, running / Double(logEvery)))
                running = 0
            }
            if step % evaluateEvery == 0 || step == steps { history.devLoss.append((step, try devLoss(step))) }
            progress?(step, loss)
        }
        return history
    }
}
