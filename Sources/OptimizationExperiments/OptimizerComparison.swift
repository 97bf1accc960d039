import AutogradEngine
import ExperimentRecords
import Numerics
import Optimization
import GSL

/// The same small MLP trained by each optimizer at a few constant learning rates; each
/// optimizer is judged at its best ("tuned") rate.
public struct OptimizerComparison: Sendable {
    public static let widths = [64, 32, 10]
    public static let epochs = 15
    public static let threshold = 0.1
    public static let seed: UInt = 3

    /// The rates tried, per optimizer.
    public static let grid: [(name: String, rates: [Double])] = [
        ("SGD", [0.1, 0.3, 1, 3]),
        ("SGD + momentum", [0.01, 0.03, 0.1, 0.3]),
        ("RMSProp", [0.001, 0.003, 0.01, 0.03, 0.1]),
        ("Adam", [0.001, 0.003, 0.01, 0.03, 0.1]),
        ("AdamW", [0.001, 0.003, 0.01, 0.03, 0.1]),
    ]

    public struct Trial: Sendable {
        public let optimizer: String
        public let learningRate: Double
        public let trainLosses: [Double]
        public var finalLoss: Double { trainLosses.last! }
        public var epochsToThreshold: Int? { trainLosses.firstIndex { $0 <= OptimizerComparison.threshold } }
    }

    public let trials: [Trial]

    public init(split: DigitsDataset.Split) throws {
        let training = MinibatchTraining(epochs: Self.epochs, batchSize: 32, shuffleSeed: Self.seed)
        trials = try Self.grid.flatMap { name, rates in
            try rates.map { rate in
                let network = try DenseNetwork(widths: Self.widths, initialization: .he, seed: Self.seed)
                let run: TrainingRun
                switch name {
                case "SGD": var o = SGD(); run = try training.train(network, optimizer: &o, learningRate: { _ in rate }, on: split.train)
                case "SGD + momentum": var o = try Momentum(); run = try training.train(network, optimizer: &o, learningRate: { _ in rate }, on: split.train)
                case "RMSProp": var o = try RMSProp(); run = try training.train(network, optimizer: &o, learningRate: { _ in rate }, on: split.train)
                case "Adam": var o = try Adam(); run = try training.train(network, optimizer: &o, learningRate: { _ in rate }, on: split.train)
                default: var o = try Adam(weightDecay: 1e-2); run = try training.train(network, optimizer: &o, learningRate: { _ in rate }, on: split.train)
                }
                return Trial(optimizer: name, learningRate: rate, trainLosses: run.trainLosses)
            }
        }
    }

    /// Each optimizer at its tuned rate: the fewest epochs to the threshold, ties broken by
    /// the lower final loss (a rate that never reaches it counts as infinitely slow).
    public var tuned: [Trial] {
        Self.grid.map { name, _ in
            trials.filter { $0.optimizer == name }.min { a, b in
                (a.epochsToThreshold ?? .max, a.finalLoss) < (b.epochsToThreshold ?? .max, b.finalLoss)
            }!
        }
    }

    /// Whether the tuned rate lies inside the grid (not at its smallest or largest rate).
    public func tunedRateIsInterior(_ name: String) -> Bool {
        let rates = Self.grid.first { $0.name == name }!.rates
        let rate = tuned(name).learningRate
        return rate != rates.first && rate != rates.last
    }

    public func tuned(_ name: String) -> Trial { tuned.first { $0.optimizer == name }! }
}
