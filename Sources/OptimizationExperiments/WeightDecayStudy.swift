import AutogradEngine
import ExperimentRecords
import Numerics
import Optimization
import GSL

/// An MLP trained on only 100 digits, with and without weight decay: how much better it does
/// on the training set than on the test set.
public struct WeightDecayStudy: Sendable {
    public static let trainingExamples = 100
    public static let epochs = 300
    public static let weightDecay = 2.0
    public static let learningRate = 1e-3

    public struct Outcome: Sendable {
        public let weightDecay: Double
        public let trainLoss: Double, testLoss: Double
        public let trainAccuracy: Double, testAccuracy: Double
        public let weightNorm: Double
        /// Test loss minus training loss.
        public var gap: Double { testLoss - trainLoss }
    }

    public let withoutDecay: Outcome
    public let withDecay: Outcome

    public init(split: DigitsDataset.Split) throws {
        let small = try split.train.selecting(Array(0..<Self.trainingExamples))
        let training = MinibatchTraining(epochs: Self.epochs, batchSize: Self.trainingExamples, shuffleSeed: 8)
        func outcome(_ decay: Double) throws -> Outcome {
            let network = try DenseNetwork(widths: [64, 256, 10], initialization: .he, seed: 8)
            var optimizer = try Adam(weightDecay: decay)
            _ = try training.train(network, optimizer: &optimizer, learningRate: { _ in Self.learningRate }, on: small)
            let weights = network.layers.flatMap(\.weights.values)
            return Outcome(weightDecay: decay,
                           trainLoss: try network.loss(on: small).scalar, testLoss: try network.loss(on: split.test).scalar,
                           trainAccuracy: try network.accuracy(on: small), testAccuracy: try network.accuracy(on: split.test),
                           weightNorm: weights.reduce(0) { $0 + $1 * $1 }.squareRoot())
        }
        withoutDecay = try outcome(0)
        withDecay = try outcome(Self.weightDecay)
    }
}
