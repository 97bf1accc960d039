import ExperimentRecords
import Numerics
import LogisticRegression
import GSL

/// The main run's plots: loss curve, decision boundary, confusion matrix.
struct MainRunPlots {
    let run: LogisticRegressionMainRun

    var all: [Plot] { get throws { [lossCurve, try decisionBoundary, confusionMatrix] } }

    var lossCurve: Plot {
        let losses = run.history.losses
        return Plot(
            file: "m1_loss_curve.png",
            title: "M1 main run: training loss per epoch (lr \(compact(LogisticRegressionMainRun.learningRate)))",
            kind: "loss curve",
            description: "Mean BCE on the training set per epoch, log scale. The first step alone takes the loss from \(formatted(losses[0], digits: 4)) to \(scientificFormatted(losses[1], digits: 1)): from w = 0 every point has σ′ = 1/4 and the gradient is large. After that the loss \(run.history.decreasesMonotonically ? "creeps down, never rising," : "moves slowly, not always down,") as the margin grows.",
            xLabel: "epoch", yLabel: "training BCE loss", logScaleY: true,
            layers: [.line(label: "train loss", points: run.history.losses.enumerated().map { PlotPoint(Double($0), $1) })])
    }

    var decisionBoundary: Plot {
        get throws {
        let extent = 9.0
        // w₁x₁ + w₂x₂ + b = 0, solved for x₂ at the left and right edges.
        let (w, b) = (run.model.weights, run.model.bias)
        let boundary = [-extent, extent].map { x1 in PlotPoint(x1, -(w[0] * x1 + b) / w[1]) }
        return try Plot.decisionRegions(
            file: "m1_decision_boundary.png",
            title: "M1 main run: decision boundary and p(class 1)",
            description: "Training (filled circles) and test (open triangles) points over the model's probability shading; the line is p = 0.5, where the shading turns from red (class 0) to blue (class 1).",
            split: run.split, xRange: -extent...extent, yRange: -extent...extent,
            probability: { x1, x2 in sigmoid(w[0] * x1 + w[1] * x2 + b) },
            extraLayers: [.line(label: "boundary p = 0.5", points: boundary)])
        }
    }

    var confusionMatrix: Plot {
        let matrix = run.testConfusion
        let misclassified = matrix.counts.indices.flatMap { r in matrix.counts[r].indices.filter { $0 != r }.map { matrix.counts[r][$0] } }.reduce(0, +)
        return Plot(
            file: "m1_confusion_matrix.png",
            title: "M1 main run: confusion matrix on the \(run.split.test.count) test points",
            kind: "confusion matrix",
            description: "Rows are true classes, columns predicted ones; " + (misclassified == 0 ? "every count sits on the diagonal: no test point is misclassified." : "\(misclassified) test points sit off the diagonal, misclassified."),
            xLabel: "predicted class", yLabel: "true class",
            layers: [.countMatrix(rowLabels: matrix.classNames, columnLabels: matrix.classNames, counts: matrix.counts)])
    }
}
