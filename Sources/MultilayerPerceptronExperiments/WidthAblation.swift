import ExperimentRecords
import Numerics
import MultilayerPerceptron
import GSL
import LogisticRegressionExperiments

/// The spirals network at several hidden widths (two hidden layers of the same width),
/// each trained from several seeded initializations: capacity against final training loss.
public struct WidthAblation: Sendable {
    public static let widths = [2, 4, 8, 16, 32]
    public static let initSeeds: [UInt] = [11, 12, 13]
    public static let optimizer = MomentumDescent(learningRate: 0.1, momentum: 0.9, epochs: 2000)

    public struct Run: Sendable {
        public let width: Int
        public let initSeed: UInt
        public let history: TrainingHistory
        public let trainAccuracy: Double
        public var finalLoss: Double { history.losses.last! }
    }

    public let dataset: ToyDataset
    public let runs: [Run]

    public init(dataset: ToyDataset = .twoSpirals) throws {
        self.dataset = dataset
        let split = try dataset.generate()
        runs = try Self.widths.flatMap { width in
            try Self.initSeeds.map { seed in
                var model = try MultilayerPerceptronModel(widths: [2, width, width, 1], activation: .tanh, seed: seed)
                let history = try Self.optimizer.train(&model, on: split.train)
                return Run(width: width, initSeed: seed, history: history,
                           trainAccuracy: try accuracy(predictions: model.predictions(split.train.features), labels: split.train.labels))
            }
        }
    }

    /// The mean final training loss over the initializations, per width.
    public func meanFinalLoss(width: Int) -> Double {
        let losses = runs.filter { $0.width == width }.map(\.finalLoss)
        return losses.reduce(0, +) / Double(losses.count)
    }

    public func meanTrainAccuracy(width: Int) -> Double {
        let values = runs.filter { $0.width == width }.map(\.trainAccuracy)
        return values.reduce(0, +) / Double(values.count)
    }
}
