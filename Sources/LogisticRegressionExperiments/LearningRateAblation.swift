import GSL
import ExperimentRecords
import Numerics
import LogisticRegression

/// The main run repeated at several learning rates, everything else equal.
public struct LearningRateAblation: Sendable {
    public static let learningRates = [0.01, 0.05, 0.1, 0.5, 1.0, 2.0]

    public struct Run: Sendable {
        public let learningRate: Double
        public let history: TrainingHistory
        public let trainAccuracy: Double
        public let testAccuracy: Double

        public var finalLoss: Double { history.losses.last! }
        public var epochsToConverge: Int? { history.epochsToReach(LogisticRegressionMainRun.convergenceThreshold) }
    }

    public let blobs: GaussianBlobs
    public let runs: [Run]
    /// L bounds the loss's curvature: λ_max(X̃ᵀX̃) / 4n with X̃ = [X 1]. Gradient descent is
    /// guaranteed to decrease the loss for every η < 2/L; this is that bound.
    public let classicalStepBound: Double

    public init(blobs: GaussianBlobs = .chapterDefault, learningRates: [Double] = Self.learningRates) throws {
        self.blobs = blobs
        let split = try blobs.generate()
        runs = try learningRates.map { rate in
            let (model, history) = try trainByGradientDescent(on: split.train, learningRate: rate, epochs: LogisticRegressionMainRun.epochs)
            return Run(
                learningRate: rate, history: history,
                trainAccuracy: try accuracy(predictions: model.predictions(split.train.features), labels: split.train.labels),
                testAccuracy: try accuracy(predictions: model.predictions(split.test.features), labels: split.test.labels))
        }
        classicalStepBound = try Self.classicalStepBound(for: split.train.features)
    }

    /// 2/L for the BCE loss of logistic regression on `features` (σ′ ≤ 1/4 gives L).
    public static func classicalStepBound(for features: Matrix) throws -> Double {
        let withOnes = try Matrix((0..<features.rows).map { Array(features.row($0)) + [1] })
        let gram = withOnes.gram()
        let largest = try symmetricEigenvalues(of: gram.entries, dimension: gram.rows).last!
        return 2 / (largest / (4 * Double(features.rows)))
    }

    /// Rates whose loss decreased at every epoch.
    public var stableRuns: [Run] { runs.filter(\.history.decreasesMonotonically) }

    public func record(provenance: Provenance? = nil) -> ExperimentRecord {
        let rates = runs.map { compact($0.learningRate) }.joined(separator: ", ")
        let beyondBound = runs.filter { $0.learningRate >= classicalStepBound }
        let stable = stableRuns
        let ordered = zip(stable, stable.dropFirst()).allSatisfy { $1.finalLoss < $0.finalLoss }
        let table = Table(
            title: "Final training loss and convergence speed per learning rate",
            columns: ["Learning rate", "Final BCE loss (train)", "Epochs to loss ≤ \(compact(LogisticRegressionMainRun.convergenceThreshold))", "Loss fell every epoch", "Train / test accuracy"],
            rows: runs.map { run in [
                compact(run.learningRate),
                scientificFormatted(run.finalLoss, digits: 2),
                run.epochsToConverge.map(String.init) ?? "not in \(LogisticRegressionMainRun.epochs)",
                run.history.decreasesMonotonically ? "yes" : "no",
                "\(Metric.percent("", run.trainAccuracy).display) / \(Metric.percent("", run.testAccuracy).display)",
            ] })
        let slowest = runs.first!, fastest = runs.last!
        return ExperimentRecord(
            milestone: .logisticRegression, experiment: "lr-ablation", title: "Learning-Rate Ablation", order: 2,
            objective: "How the learning rate sets convergence speed, everything else as in the main run.",
            setup: [
                Field("Model", "Logistic regression (BCE, sigmoid), gradient descent; parameters start at 0"),
                Field("Data", "Synthetic 2D blobs, as in the main run: \(blobs.summary)"),
                Field("Optimization", "lr ∈ {\(rates)}, epochs=\(LogisticRegressionMainRun.epochs), full batch"),
            ],
            metrics: [
                .count("Learning rates tried", runs.count),
                .count("Rates whose loss fell every epoch", stable.count),
                .decimal("Classical step bound 2/L", classicalStepBound, digits: 3),
            ] + runs.map { .scientific("Final BCE loss (train), lr \(compact($0.learningRate))", $0.finalLoss) },
            tracking: .foundations(loss: "\(scientificFormatted(slowest.finalLoss, digits: 1)) (lr \(compact(slowest.learningRate))) … \(scientificFormatted(fastest.finalLoss, digits: 1)) (lr \(compact(fastest.learningRate)))", accuracy: runs.allSatisfy { $0.testAccuracy == 1 } ? "100.0% test at every rate" : "see table", convergenceSpeed: "epochs to loss ≤ \(compact(LogisticRegressionMainRun.convergenceThreshold)): \(runs.map { run in run.epochsToConverge.map(String.init) ?? "> \(LogisticRegressionMainRun.epochs)" }.joined(separator: ", ")) (lr \(rates))"),
            trackingNote: "\(runs.count) rates; larger rate, lower final loss: \(ordered ? "holds" : "broken")",
            tables: [table],
            observations: [
                .judged(by: "Across the stable range, a larger learning rate reaches a lower final loss",
                        passed: "Across the \(stable.count) rates whose loss fell at every epoch, a larger rate reached a lower final loss: \(stable.map { "\(scientificFormatted($0.finalLoss, digits: 1)) (lr \(compact($0.learningRate)))" }.joined(separator: " > ")).",
                        failed: "Across the \(stable.count) rates whose loss fell at every epoch, the final losses were \(stable.map { "\(scientificFormatted($0.finalLoss, digits: 1)) (lr \(compact($0.learningRate)))" }.joined(separator: ", ")): not lower for every larger rate."),
                "The classical guarantee of a monotone decrease needs η < 2/L = \(formatted(classicalStepBound, digits: 3)); \(beyondBound.count) of the \(runs.count) rates lie beyond it and still decreased the loss every epoch. L bounds the curvature at the worst point (all logits 0, where σ′ = 1/4); once the points are classified with a margin σ′ is tiny, and so is the curvature the steps meet.",
                "Every rate classified every point correctly by the end; the rates differ only in how far they pushed the margin, which is all the loss still measures on separable data.",
            ],
            plots: [Plot(
                file: "m1_lr_ablation.png",
                title: "M1 learning-rate ablation: training loss per epoch",
                kind: "learning rate ablation",
                description: "One training-loss curve per learning rate, log scale: the larger the rate, the steeper the fall and the lower the loss after \(LogisticRegressionMainRun.epochs) epochs.",
                xLabel: "epoch", yLabel: "training BCE loss", logScaleY: true,
                layers: runs.map { run in
                    .line(label: "lr \(compact(run.learningRate))",
                          points: run.history.losses.enumerated().map { PlotPoint(Double($0), $1) })
                })],
            conclusion: ordered && stable.count == runs.count
                ? "Pass: larger learning rates converge faster at every rate tried (\(rates)); none diverged."
                : "Partial: the ordering holds only across the \(stable.count) monotone rates.",
            provenance: provenance ?? .current(seed: blobs.seed))
    }
}
