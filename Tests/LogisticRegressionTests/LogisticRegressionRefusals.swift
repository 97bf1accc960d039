import Testing
import GSL
import LogisticRegression
import LogisticRegressionExperiments
import Numerics
import WorkbookTesting

/// What M1's logistic regression refuses: labels outside {0, 1} (which used to count as class
/// 0 and train a wrong model), rates that climb the loss, and shapes that do not fit.
@Suite("M1 · Logistic regression: what the model refuses")
struct LogisticRegressionRefusals {
    @Test("Labels {−1, 1} are refused where the data set is built, naming the first −1 and its row")
    func signedLabels() throws {
        let train = try GaussianBlobs.chapterDefault.generate().train
        let signed = train.labels.map { $0 == 1 ? 1 : -1 }
        let row = signed.firstIndex(of: -1)!
        #expect(throws: ArgumentError(parameter: "labels[\(row)]", value: "-1", allowed: "class labels must be in 0..<2")) {
            try LabeledDataset(features: train.features, labels: signed)
        }
        #expect(throws: ArgumentError(parameter: "labels[\(row)]", value: "-1", allowed: "binary labels must be in 0..<2")) {
            try binaryCrossEntropy(logits: Array(repeating: 0, count: signed.count), labels: signed)
        }
    }

    @Test("A negative learning rate, no epochs and data with three classes are refused before training")
    func trainingSettings() throws {
        let train = try GaussianBlobs.chapterDefault.generate().train
        #expect(throws: ArgumentError(parameter: "learningRate", value: "-1.0", allowed: "must be a finite number above 0")) {
            try trainByGradientDescent(on: train, learningRate: -1, epochs: 10)
        }
        #expect(throws: ArgumentError(parameter: "epochs", value: "-5", allowed: "must be at least 1")) {
            try trainByGradientDescent(on: train, learningRate: 0.5, epochs: -5)
        }
        let threeClasses = try LabeledDataset(features: train.features, labels: train.labels, classes: 3)
        #expect(throws: ArgumentError.self) { try trainByGradientDescent(on: threeClasses, learningRate: 0.5, epochs: 1) }
    }

    @Test("A learning rate so large that the weights overflow stops with the epoch instead of reporting a loss of 0")
    func overflowingWeights() throws {
        let train = try GaussianBlobs.chapterDefault.generate().train
        #expect(throws: NonFiniteValueError.self) { try trainByGradientDescent(on: train, learningRate: 1e308, epochs: 2) }
    }

    @Test("Property: 200 seeded random invalid calls (labels, rates, shapes, parameters) are refused, never a crash")
    func randomInvalidCalls() throws {
        let train = try GaussianBlobs.chapterDefault.generate().train
        expectEveryDrawRefused(draws: 200, seed: 11, "logistic regression call") { g in
            switch try g.integer(below: 5) {
            case 0: _ = try LabeledDataset(features: train.features, labels: try g.corrupting(train.labels, below: 2))
            case 1: _ = try trainByGradientDescent(on: train, learningRate: try g.invalidPositive(), epochs: 1)
            case 2: _ = try LogisticRegressionModel(featureCount: 3).logits(train.features)
            case 3: _ = try LogisticRegressionModel(parameters: Array(repeating: 0, count: try g.integer(below: 2)))
            default: _ = try binaryCrossEntropy(logits: [0, 0], labels: try g.corrupting([0, 1], below: 2))
            }
        }
    }
}
