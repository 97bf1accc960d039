import ExperimentRecords
import Numerics
import LogisticRegression
import GSL

/// M1's main run: the seed log's setup (lr 0.5, 200 epochs) on the chapter's blobs.
public struct LogisticRegressionMainRun: Sendable {
    public static let learningRate = 0.5
    public static let epochs = 200
    /// "Converged" for the convergence-speed metric: training loss at or below this.
    public static let convergenceThreshold = 0.01

    public let blobs: GaussianBlobs
    public let split: TrainTestSplit
    public let model: LogisticRegressionModel
    public let history: TrainingHistory
    public let trainAccuracy: Double
    public let testAccuracy: Double
    public let testConfusion: ConfusionMatrix
    public let gradientChecks: [GradientCheckCase]

    public init(blobs: GaussianBlobs = .chapterDefault, progress: ((Int, Double) -> Void)? = nil) throws {
        self.blobs = blobs
        split = try blobs.generate()
        (model, history) = try trainByGradientDescent(
            on: split.train, learningRate: Self.learningRate, epochs: Self.epochs, progress: progress)
        trainAccuracy = try accuracy(predictions: model.predictions(split.train.features), labels: split.train.labels)
        let testPredictions = try model.predictions(split.test.features)
        testAccuracy = try accuracy(predictions: testPredictions, labels: split.test.labels)
        testConfusion = try ConfusionMatrix(predictions: testPredictions, labels: split.test.labels,
                                        classNames: ["class 0", "class 1"])
        gradientChecks = try GradientCheckCase.standardCases(on: split.train, trained: model, seed: blobs.seed)
    }

    public var finalLoss: Double { history.losses.last! }
    public var epochsToConverge: Int? { history.epochsToReach(Self.convergenceThreshold) }
    public var largestGradientCheckError: Double { gradientChecks.map(\.check.maxRelativeError).max() ?? 0 }

    /// The seed log's metrics table, then the unrounded loss, convergence speed and gradient check.
    public var metrics: [Metric] {
        [
            .percent("Train Accuracy", trainAccuracy),
            .percent("Test Accuracy", testAccuracy),
            .decimal("Final BCE Loss (train)", finalLoss, digits: 4),
            .scientific("Final BCE Loss (train), unrounded", finalLoss),
            epochsToConverge.map { .count("Epochs to train loss ≤ \(compact(Self.convergenceThreshold))", $0) }
                ?? Metric(name: "Epochs to train loss ≤ \(compact(Self.convergenceThreshold))", value: .infinity, display: "not reached"),
            .scientific("Largest gradient-check relative error (vs GSL)", largestGradientCheckError),
        ]
    }

    public func record(provenance: Provenance? = nil) throws -> ExperimentRecord {
        let weightNorm = (model.weights.map { $0 * $0 }.reduce(0, +)).squareRoot()
        let converged = epochsToConverge.map { "after \(counted($0, "epoch"))" } ?? "never in \(Self.epochs) epochs"
        let (w, b) = (model.weights, model.bias)
        let boundary = "\(formatted(w[0], digits: 3))·x₁ \(w[1] < 0 ? "−" : "+") \(formatted(abs(w[1]), digits: 3))·x₂ \(b < 0 ? "−" : "+") \(formatted(abs(b), digits: 3)) = 0"
        return ExperimentRecord(
            milestone: .logisticRegression, experiment: "main-run", title: "Main Run", order: 1,
            objective: "Baseline logistic regression on linearly separable 2D data.",
            setup: [
                Field("Model", "Logistic regression (BCE, sigmoid), gradient descent; parameters w₁, w₂, b start at 0"),
                Field("Data", "Synthetic 2D blobs, 80/20 train/test split (\(split.train.count)/\(split.test.count)): \(blobs.summary); `\(GaussianBlobs.fixturePath)`"),
                Field("Optimization", "lr=\(compact(Self.learningRate)), epochs=\(Self.epochs), full batch"),
            ],
            metrics: metrics,
            tracking: .foundations(loss: "\(formatted(finalLoss, digits: 4)) (\(scientificFormatted(finalLoss, digits: 2)))", accuracy: "\(Metric.percent("", trainAccuracy).display) train, \(Metric.percent("", testAccuracy).display) test", convergenceSpeed: epochsToConverge.map { "\(counted($0, "epoch")) to loss ≤ \(compact(Self.convergenceThreshold))" } ?? "not reached in \(Self.epochs) epochs"),
            trackingNote: "lr \(compact(Self.learningRate)), \(Self.epochs) epochs, \(split.train.count) train points",
            observations: [
                "The training loss fell \(history.decreasesMonotonically ? "at every one" : "but not at every one") of the \(Self.epochs) epochs, from ln 2 = \(formatted(history.losses[0], digits: 4)) to \(scientificFormatted(finalLoss, digits: 2)); it went below \(compact(Self.convergenceThreshold)) \(converged).",
                "The seed's \"0.0000\" is that \(scientificFormatted(finalLoss, digits: 2)) rounded to 4 decimals. On separable data the loss has no minimum at finite weights: it keeps falling as ‖w‖ grows (‖w‖ = \(formatted(weightNorm, digits: 2)) after \(Self.epochs) epochs), so the final loss measures how long we trained, not how good the boundary is.",
                "Learned boundary: \(boundary), close to the blobs' perpendicular bisector x₁ + x₂ = 0.",
                .judged(by: "The analytic BCE gradient matches GSL numeric differentiation (random points, logits near ±30, mixed classes)",
                        passed: "The analytic gradient matched GSL's central differences at \(gradientChecks.count) points (largest |logit| \(formatted(gradientChecks.map(\.largestLogit).max() ?? 0, digits: 1))), with largest relative error \(scientificFormatted(largestGradientCheckError, digits: 1)).",
                        failed: "The analytic gradient did not match GSL's central differences: \(gradientChecks.filter { !$0.check.passes }.count) of \(gradientChecks.count) points failed, largest relative error \(scientificFormatted(largestGradientCheckError, digits: 1))."),
            ],
            plots: try MainRunPlots(run: self).all,
            conclusion: "Pass: \(Metric.percent("", trainAccuracy).display) train and \(Metric.percent("", testAccuracy).display) test accuracy with a final training loss of \(formatted(finalLoss, digits: 4)) reproduce the seed log's M1 table.",
            provenance: provenance ?? .current(seed: blobs.seed))
    }
}
