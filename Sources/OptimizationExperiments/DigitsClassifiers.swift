import AutogradEngine
import ExperimentRecords
import Numerics
import Optimization
import GSL

/// One classifier trained on the digits with the chapter's recipe.
public struct DigitsFit: Sendable {
    public let name: String
    public let widths: [Int]
    public let optimizerName: String
    public let schedule: WarmupCosineSchedule
    public let training: MinibatchTraining
    public let run: TrainingRun
    public let trainAccuracy: Double
    public let validationAccuracy: Double
    public let testAccuracy: Double
    public let testConfusion: ConfusionMatrix
    /// Test examples the network got wrong: (pixels, true label, predicted label).
    public let mistakes: [(pixels: [Double], label: Int, predicted: Int)]

    /// Trains `widths` (He initialization, seed `seed`) with Adam or AdamW under a warm-up +
    /// cosine schedule, with early stopping on the validation loss.
    public init(name: String, widths: [Int], weightDecay: Double, epochs: Int, peakRate: Double,
                warmupEpochs: Int, patience: Int?, seed: UInt, split: DigitsDataset.Split,
                progress: ((Int, Double) -> Void)? = nil) throws {
        self.name = name
        self.widths = widths
        training = MinibatchTraining(epochs: epochs, batchSize: 32, shuffleSeed: seed + 100, patience: patience)
        let steps = try training.stepsPerEpoch(split.train.count)
        schedule = try WarmupCosineSchedule(peak: peakRate, floor: peakRate / 100, warmupSteps: warmupEpochs * steps, totalSteps: epochs * steps)
        let network = try DenseNetwork(widths: widths, initialization: .he, seed: seed)
        var optimizer = try Adam(weightDecay: weightDecay)
        optimizerName = optimizer.name + (weightDecay > 0 ? " (λ = \(compact(weightDecay)))" : "")
        run = try training.train(network, optimizer: &optimizer, learningRate: schedule.rate,
                                 on: split.train, validation: split.validation, progress: progress)
        trainAccuracy = try network.accuracy(on: split.train)
        validationAccuracy = try network.accuracy(on: split.validation)
        let predictions = try network.predictions(split.test)
        testAccuracy = try accuracy(predictions: predictions, labels: split.test.labels)
        testConfusion = try ConfusionMatrix(predictions: predictions, labels: split.test.labels, classNames: DigitsDataset.classNames)
        mistakes = predictions.indices.filter { predictions[$0] != split.test.labels[$0] }.map {
            (Array(split.test.features.row($0)), split.test.labels[$0], predictions[$0])
        }
    }

    /// Softmax regression: one dense layer, 64 → 10.
    public static func softmaxRegression(split: DigitsDataset.Split) throws -> DigitsFit {
        try DigitsFit(name: "softmax regression", widths: [64, 10], weightDecay: 0, epochs: 40, peakRate: 0.01,
                      warmupEpochs: 1, patience: nil, seed: 1, split: split)
    }

    /// The MLP: 64 → 256 ReLU → 10, AdamW, early stopping with patience 10.
    public static func multilayerPerceptron(split: DigitsDataset.Split, seed: UInt = 1,
                                            progress: ((Int, Double) -> Void)? = nil) throws -> DigitsFit {
        try DigitsFit(name: "MLP", widths: [64, 256, 10], weightDecay: 1e-4, epochs: 60, peakRate: 0.01,
                      warmupEpochs: 2, patience: 10, seed: seed, split: split, progress: progress)
    }
}
