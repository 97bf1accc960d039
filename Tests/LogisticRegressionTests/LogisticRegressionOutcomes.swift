import Foundation
import Testing
import ExperimentRecords
import Numerics
import WorkbookTesting
import LogisticRegression
import LogisticRegressionExperiments

@Suite("M1 · Logistic regression: outcomes")
struct LogisticRegressionOutcomes {
    @Test("The analytic BCE gradient matches GSL numeric differentiation (random points, logits near ±30, mixed classes)")
    func gradientMatchesNumericDifferentiation() throws {
        try attach(SharedRuns.mainRecord.get())
        let run = try SharedRuns.mainRun.get()
        for testCase in run.gradientChecks {
            for c in testCase.check.coordinates {
                #expect(c.passes, """
                    \(testCase.name), parameter \(c.index): analytic \(c.analytic) vs GSL \(c.numeric) \
                    (difference \(c.difference), allowed \(c.allowedDifference) = GSL error \(c.gslErrorEstimate) \
                    + \(GradientCheckCase.relativeTolerance) relative)
                    """)
            }
        }
        // The cases are what they claim to be: extreme logits, and a boundary with both classes on each side.
        #expect(run.gradientChecks.map(\.largestLogit).max()! >= 30)
        let mixed = try #require(run.gradientChecks.first { $0.name.contains("mixed") })
        let predictions = try LogisticRegressionModel(parameters: mixed.parameters).predictions(run.split.train.features)
        for label in 0...1 {
            let wrong = zip(predictions, run.split.train.labels).filter { $1 == label && $0 != label }.count
            #expect(wrong > 0, "the mixed point should misclassify some class-\(label) points")
        }
    }

    @Test("The gradient check rejects a gradient with one sign flipped")
    func gradientCheckRejectsSignFlip() throws {
        try attach(SharedRuns.mainRecord.get())
        let run = try SharedRuns.mainRun.get()
        for flipped in 0..<3 {
            let cases = try GradientCheckCase.standardCases(on: run.split.train, trained: run.model, seed: run.blobs.seed) { model, data in
                var gradient = try model.lossAndGradient(on: data).parameterGradient
                gradient[flipped] = -gradient[flipped]
                return gradient
            }
            let mixed = try #require(cases.first { $0.name.contains("mixed") })
            #expect(!mixed.check.passes, "flipping the sign of parameter \(flipped)'s gradient went unnoticed")
        }
    }

    @Test("The model separates the blobs: 100% train and test accuracy")
    func perfectAccuracyOnSeparableData() throws {
        try attach(SharedRuns.mainRecord.get())
        let run = try SharedRuns.mainRun.get()
        #expect(run.trainAccuracy == 1, "train accuracy \(run.trainAccuracy)")
        #expect(run.testAccuracy == 1, "test accuracy \(run.testAccuracy)")
    }

    @Test("The training loss never increases from one epoch to the next")
    func lossDecreasesMonotonically() throws {
        try attach(SharedRuns.mainRecord.get())
        let losses = try SharedRuns.mainRun.get().history.losses
        #expect(losses.count == LogisticRegressionMainRun.epochs + 1)
        let rises = zip(losses, losses.dropFirst()).enumerated().filter { $1.1 > $1.0 }
        if let (epoch, (before, after)) = rises.first {
            Issue.record("the loss rose at \(rises.count) of \(LogisticRegressionMainRun.epochs) epochs, first at epoch \(epoch + 1): \(before) → \(after)")
        }
    }

    @Test("Across the stable range, a larger learning rate reaches a lower final loss")
    func largerRateLowerLoss() throws {
        try attach(SharedRuns.ablationRecord.get())
        let ablation = try SharedRuns.ablation.get()
        #expect(ablation.runs.map(\.learningRate) == [0.01, 0.05, 0.1, 0.5, 1.0, 2.0])
        // The stable range: every rate tried decreased the loss at every epoch.
        for run in ablation.runs where !run.history.decreasesMonotonically {
            Issue.record("lr \(run.learningRate) is not in the stable range: its loss rose during training")
        }
        for (smaller, larger) in zip(ablation.runs, ablation.runs.dropFirst()) {
            #expect(larger.finalLoss < smaller.finalLoss,
                    "lr \(larger.learningRate) ended at \(larger.finalLoss), not below lr \(smaller.learningRate)'s \(smaller.finalLoss)")
        }
    }

    @Test("Loss and gradient stay finite at logits of ±1e4")
    func stableAtExtremeLogits() throws {
        try attach(SharedRuns.mainRecord.get())
        #expect(sigmoid(1e4) == 1 && sigmoid(-1e4) == 0)
        #expect(softplus(1e4) == 1e4 && softplus(-1e4) == 0)
        // One point per class, each at logit +1e4 and -1e4: right and badly wrong.
        let data = try LabeledDataset(features: Matrix([[1e4], [-1e4], [1e4], [-1e4]]), labels: [1, 0, 0, 1])
        let step = try LogisticRegressionModel(parameters: [1, 0]).lossAndGradient(on: data)
        #expect(step.loss == 5_000, "half the points are wrong by 1e4: mean loss 1e4 / 2, got \(step.loss)")
        #expect(step.parameterGradient.allSatisfy { $0.isFinite }, "gradient \(step.parameterGradient)")
    }

    @Test("A diverging run is stopped with the step where the loss became non-finite")
    func divergenceIsReportedWithItsStep() throws {
        try attach(SharedRuns.mainRecord.get())
        // One flipped label makes the data inseparable: a huge step then sends that point's
        // loss to +∞ (on separable data it would drive every loss to exactly 0 instead).
        let train = try SharedRuns.mainRun.get().split.train
        var labels = train.labels
        labels[0] = 1 - labels[0]
        let data = try LabeledDataset(features: train.features, labels: labels)
        do {
            _ = try trainByGradientDescent(on: data, learningRate: .greatestFiniteMagnitude, epochs: 10)
            Issue.record("a learning rate of 1.8e308 trained without a non-finite value")
        } catch let error as NonFiniteValueError {
            #expect(error.step == 1, "\(error)")
        }
    }

    @Test("The main run reproduces the seed log's M1 metrics table")
    func reproducesSeedMetrics() throws {
        try attach(SharedRuns.mainRecord.get())
        let record = try SharedRuns.mainRecord.get()
        let seedTable = [("Train Accuracy", "100.0%"), ("Test Accuracy", "100.0%"), ("Final BCE Loss (train)", "0.0000")]
        for (name, value) in seedTable {
            #expect(record.metric(named: name)?.display == value, "\(name)")
        }
        #expect(Array(record.metrics.prefix(3).map(\.name)) == seedTable.map(\.0), "the seed's rows come first, in its order")
    }

    @Test("The same seed gives the same run, number for number")
    func runsAreReproducible() throws {
        try attach(SharedRuns.mainRecord.get())
        let first = try SharedRuns.mainRun.get()
        let second = try LogisticRegressionMainRun()
        #expect(first.history == second.history)
        #expect(first.model == second.model)
    }
}
