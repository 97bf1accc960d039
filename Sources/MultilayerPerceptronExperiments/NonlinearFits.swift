import LogisticRegression
import ExperimentRecords
import Numerics
import MultilayerPerceptron
import GSL
import LogisticRegressionExperiments

/// A network trained on one toy data set.
public struct NonlinearFit: Sendable {
    public let dataset: ToyDataset
    public let split: TrainTestSplit
    public let model: MultilayerPerceptronModel
    public let optimizer: MomentumDescent
    public let history: TrainingHistory
    public let trainAccuracy: Double
    public let testAccuracy: Double

    public init(dataset: ToyDataset, widths: [Int], activation: Activation = .tanh, optimizer: MomentumDescent,
                initSeed: UInt, progress: ((Int, Double) -> Void)? = nil) throws {
        self.dataset = dataset
        self.optimizer = optimizer
        split = try dataset.generate()
        var model = try MultilayerPerceptronModel(widths: widths, activation: activation, seed: initSeed)
        history = try optimizer.train(&model, on: split.train, progress: progress)
        self.model = model
        trainAccuracy = try accuracy(predictions: model.predictions(split.train.features), labels: split.train.labels)
        testAccuracy = try accuracy(predictions: model.predictions(split.test.features), labels: split.test.labels)
    }

    public var finalLoss: Double { history.losses.last! }
}

extension NonlinearFit {
    public static let initSeed: UInt = 7

    /// One hidden layer of 4 tanh units on XOR.
    public static func xor() throws -> NonlinearFit {
        try NonlinearFit(dataset: .xor, widths: [2, 4, 1],
                         optimizer: MomentumDescent(learningRate: 0.1, momentum: 0.9, epochs: 1000), initSeed: initSeed)
    }

    /// Two hidden layers of 16 tanh units on two moons.
    public static func twoMoons() throws -> NonlinearFit {
        try NonlinearFit(dataset: .twoMoons, widths: [2, 16, 16, 1],
                         optimizer: MomentumDescent(learningRate: 0.1, momentum: 0.9, epochs: 2000), initSeed: initSeed)
    }

    /// Two hidden layers of 32 tanh units on two spirals.
    public static func twoSpirals() throws -> NonlinearFit {
        try NonlinearFit(dataset: .twoSpirals, widths: [2, 32, 32, 1],
                         optimizer: MomentumDescent(learningRate: 0.1, momentum: 0.9, epochs: 3000), initSeed: initSeed)
    }
}

/// M2's first experiment: an MLP on XOR beside M1's logistic regression, which cannot fit
/// it, and the backpropagation checks for every activation.
public struct XORExperiment: Sendable {
    public let xor: NonlinearFit
    /// M1's model with M1's settings on the XOR data: (train, test) accuracy.
    public let logisticRegression: (train: Double, test: Double)
    public let backpropagationChecks: [BackpropagationCheck]

    public init() throws {
        xor = try NonlinearFit.xor()
        let (linear, _) = try trainByGradientDescent(on: xor.split.train, learningRate: LogisticRegressionMainRun.learningRate, epochs: LogisticRegressionMainRun.epochs)
        logisticRegression = (
            try accuracy(predictions: linear.predictions(xor.split.train.features), labels: xor.split.train.labels),
            try accuracy(predictions: linear.predictions(xor.split.test.features), labels: xor.split.test.labels))
        let checkData = try ToyDataset.twoMoons.generate().train.selecting(Array(0..<16))
        backpropagationChecks = try Activation.allCases.flatMap { activation in
            try BackpropagationCheck.all(activation: activation, data: checkData, seed: NonlinearFit.initSeed)
        }
    }

    public func largestCheckError(_ activation: Activation) -> Double {
        backpropagationChecks.filter { $0.activation == activation }.map(\.check.maxRelativeError).max() ?? 0
    }
}
