import LogisticRegression
import ExperimentRecords
import Numerics
import MultilayerPerceptron
import GSL
import LogisticRegressionExperiments

extension NonlinearFit {
    /// The decision-region plot and the loss curve of this fit.
    func plots(prefix: String, label: String) throws -> [Plot] {
        let (xRange, yRange) = Plot.paddedExtent(of: split.train.features, margin: 0.4)
        return [
            try Plot.decisionRegions(
                file: "\(prefix)_boundary.png",
                title: "M2 \(label): decision regions of a \(model.widths.map(String.init).joined(separator: "-")) \(model.activation.rawValue) network",
                description: "Training points (filled) and test points (open triangles) over the network's p(class 1); the white band is the curved boundary p = 0.5.",
                split: split, xRange: xRange, yRange: yRange,
                probability: { x1, x2 in sigmoid(try model.logits(Matrix([[x1, x2]]))[0]) }),
            Plot(file: "\(prefix)_loss_curve.png",
                 title: "M2 \(label): training loss per epoch",
                 kind: "loss curve",
                 description: "Mean BCE on the training set, log scale, from \(formatted(history.losses[0], digits: 3)) to \(scientificFormatted(finalLoss, digits: 2)) in \(optimizer.epochs) epochs.",
                 xLabel: "epoch", yLabel: "training BCE loss", logScaleY: true,
                 layers: [.line(label: "train loss", points: history.losses.enumerated().map { PlotPoint(Double($0), $1) })]),
        ]
    }

    func setup(extra: [Field] = []) -> [Field] {
        [Field("Model", "MLP \(model.widths.map(String.init).joined(separator: "-")), \(model.activation.rawValue) hidden units, one output logit, BCE; \(model.parameterCount) parameters, init N(0, 1/fan-in) with seed \(NonlinearFit.initSeed)"),
         Field("Data", dataset.summary),
         Field("Optimization", optimizer.summary)] + extra
    }

    func fitMetrics() -> [Metric] {
        [.percent("Train Accuracy", trainAccuracy), .percent("Test Accuracy", testAccuracy),
         .scientific("Final BCE Loss (train)", finalLoss),
         history.epochsToReach(0.1).map { .count("Epochs to train loss ≤ 0.1", $0) }
            ?? Metric(name: "Epochs to train loss ≤ 0.1", value: .infinity, display: "not reached")]
    }

    func tracking() -> PhaseTracking {
        .foundations(loss: scientificFormatted(finalLoss, digits: 2),
                     accuracy: "\(Metric.percent("", trainAccuracy).display) train, \(Metric.percent("", testAccuracy).display) test",
                     convergenceSpeed: history.epochsToReach(0.1).map { "\(counted($0, "epoch")) to loss ≤ 0.1" } ?? "not reached")
    }
}

extension XORExperiment {
    public func record(provenance: Provenance? = nil) throws -> ExperimentRecord {
        let checks = Activation.allCases.map { activation in
            (activation, backpropagationChecks.filter { $0.activation == activation })
        }
        let checkTable = Table(
            title: "Backpropagation vs GSL numeric differentiation (network \(BackpropagationCheck.widths.map(String.init).joined(separator: "-")), 16 points)",
            columns: ["Activation", "Blocks checked", "Coordinates", "All within tolerance", "Largest relative error"],
            rows: checks.map { activation, list in
                [activation.rawValue, "\(list.count)", "\(list.map(\.check.coordinates.count).reduce(0, +))",
                 list.allSatisfy(\.check.passes) ? "yes" : "no", scientificFormatted(largestCheckError(activation), digits: 1)]
            })
        return ExperimentRecord(
            milestone: .multilayerPerceptron, experiment: "xor", title: "XOR", order: 1,
            objective: "A hidden layer fits XOR, which no line separates; backpropagation is checked layer by layer.",
            setup: xor.setup(extra: [Field("Baseline", "M1's logistic regression with M1's settings (lr \(compact(LogisticRegressionMainRun.learningRate)), \(LogisticRegressionMainRun.epochs) epochs) on the same split")]),
            metrics: xor.fitMetrics() + [
                .percent("Logistic regression train accuracy", logisticRegression.train),
                .percent("Logistic regression test accuracy", logisticRegression.test),
            ] + Activation.allCases.map { .scientific("Largest backprop relative error (\($0.rawValue))", largestCheckError($0)) },
            tracking: xor.tracking(),
            trackingNote: "MLP \(Metric.percent("", xor.testAccuracy).display) vs logistic regression \(Metric.percent("", logisticRegression.test).display) test",
            tables: [checkTable],
            observations: [
                "Logistic regression reached \(Metric.percent("", logisticRegression.train).display) train accuracy: a line can put at most three of XOR's four clusters on the right side. One hidden layer of \(xor.model.widths[1]) tanh units reached \(Metric.percent("", xor.trainAccuracy).display) train and \(Metric.percent("", xor.testAccuracy).display) test accuracy.",
                .judged(by: "Backpropagated weight, bias and input gradients match GSL numeric differentiation, layer by layer",
                        passed: "Every layer's weight and bias gradients and the input gradient matched GSL's central differences for tanh, ReLU and sigmoid, with largest relative errors \(Activation.allCases.map { "\(scientificFormatted(largestCheckError($0), digits: 1)) (\($0.rawValue))" }.joined(separator: ", ")).",
                        failed: "Backpropagation did not match GSL's central differences for every layer; largest relative errors \(Activation.allCases.map { "\(scientificFormatted(largestCheckError($0), digits: 1)) (\($0.rawValue))" }.joined(separator: ", "))."),
                "The ReLU check runs with seeded non-zero biases: with zero biases, points whose first-layer ReLUs are all off reach the second layer exactly on the kink, where GSL's error estimate (made for smooth functions) is confidently wrong.",
            ],
            plots: try xor.plots(prefix: "m2_xor", label: "XOR"),
            conclusion: "Pass: the hidden layer makes XOR separable (\(Metric.percent("", xor.testAccuracy).display) test accuracy vs \(Metric.percent("", logisticRegression.test).display) for logistic regression), and hand-written backpropagation agrees with numeric differentiation.",
            provenance: provenance ?? .current(seed: xor.dataset.seed))

    }
}

extension NonlinearFit {
    public func twoMoonsRecord(provenance: Provenance? = nil) throws -> ExperimentRecord {
        ExperimentRecord(
            milestone: .multilayerPerceptron, experiment: "two-moons", title: "Two Moons", order: 2,
            objective: "Generalize on noisy, interleaved half circles.",
            setup: setup(), metrics: fitMetrics(), tracking: tracking(),
            trackingNote: "noise σ \(compact(noiseOf(dataset))), \(split.test.count) test points",
            observations: [
                "Test accuracy \(Metric.percent("", testAccuracy).display) on \(split.test.count) held-out points (\(Int(((1 - testAccuracy) * Double(split.test.count)).rounded())) misclassified); train accuracy \(Metric.percent("", trainAccuracy).display). The few points on the wrong side lie where the noise pushes one moon's tip into the other moon (see the plot).",
            ],
            plots: try plots(prefix: "m2_moons", label: "two moons"),
            conclusion: "Pass: \(Metric.percent("", testAccuracy).display) test accuracy on two moons.",
            provenance: provenance ?? .current(seed: dataset.seed))

    }

    public func twoSpiralsRecord(provenance: Provenance? = nil) throws -> ExperimentRecord {
        ExperimentRecord(
            milestone: .multilayerPerceptron, experiment: "two-spirals", title: "Two Spirals", order: 3,
            objective: "Fit two interleaved spirals: a boundary that winds around the origin.",
            setup: setup(), metrics: fitMetrics(), tracking: tracking(),
            trackingNote: "\(split.train.count) train points",
            observations: [
                "Train accuracy \(Metric.percent("", trainAccuracy).display), final training loss \(scientificFormatted(finalLoss, digits: 2)); test accuracy \(Metric.percent("", testAccuracy).display).",
                history.epochsToReach(0.5).map { "The loss stays above 0.5 for the first \(counted($0, "epoch")) (ln 2 = 0.693 is chance level), then falls steadily to \(scientificFormatted(finalLoss, digits: 1)); it has not levelled off after \(optimizer.epochs) epochs." }
                    ?? "The loss never went below 0.5.",
            ],
            plots: try plots(prefix: "m2_spirals", label: "two spirals"),
            conclusion: "Pass: \(Metric.percent("", trainAccuracy).display) train accuracy on two spirals.",
            provenance: provenance ?? .current(seed: dataset.seed))
    }

    private func noiseOf(_ dataset: ToyDataset) -> Double {
        if case .twoMoons(let noise) = dataset.shape { return noise }
        return 0
    }
}

extension WidthAblation {
    public func record(provenance: Provenance? = nil) -> ExperimentRecord {
        let means = Self.widths.map { meanFinalLoss(width: $0) }
        let ordered = zip(means, means.dropFirst()).allSatisfy { $1 < $0 }
        let table = Table(
            title: "Final training loss per hidden width (mean over \(Self.initSeeds.count) initializations)",
            columns: ["Hidden width", "Parameters", "Mean final BCE loss"] + Self.initSeeds.map { "seed \($0)" } + ["Mean train accuracy"],
            rows: Self.widths.map { width in
                let parameters = 2 * width + width + width * width + width + width + 1
                return ["\(width)", "\(parameters)", scientificFormatted(meanFinalLoss(width: width), digits: 2)]
                    + runs.filter { $0.width == width }.map { scientificFormatted($0.finalLoss, digits: 2) }
                    + [Metric.percent("", meanTrainAccuracy(width: width)).display]
            })
        return ExperimentRecord(
            milestone: .multilayerPerceptron, experiment: "width-ablation", title: "Hidden-Width Ablation", order: 4,
            objective: "How capacity (hidden width) limits how well the spirals can be fit.",
            setup: [
                Field("Model", "MLP 2-w-w-1, tanh, w ∈ {\(Self.widths.map(String.init).joined(separator: ", "))}, \(Self.initSeeds.count) seeded initializations each"),
                Field("Data", dataset.summary),
                Field("Optimization", Self.optimizer.summary),
            ],
            metrics: Self.widths.map { .scientific("Mean final BCE loss (train), width \($0)", meanFinalLoss(width: $0)) },
            tracking: .foundations(loss: "\(scientificFormatted(means.first!, digits: 1)) (w \(Self.widths.first!)) … \(scientificFormatted(means.last!, digits: 1)) (w \(Self.widths.last!))", accuracy: "\(Metric.percent("", meanTrainAccuracy(width: Self.widths.first!)).display) … \(Metric.percent("", meanTrainAccuracy(width: Self.widths.last!)).display) train", convergenceSpeed: "\(Self.optimizer.epochs) epochs each"),
            trackingNote: "wider, lower final loss: \(ordered ? "holds" : "broken")",
            tables: [table],
            observations: [
                "Mean final training loss by width: \(zip(Self.widths, means).map { "\(scientificFormatted($1, digits: 1)) (w \($0))" }.joined(separator: " > ")).",
                "Single runs are noisy (compare the seed columns): at a fixed budget of epochs an initialization can stall on a plateau, so the capacity effect is measured on the mean over initializations.",
                "Width 2 cannot represent the spiral at all: its accuracy stays near the \(Metric.percent("", meanTrainAccuracy(width: 2)).display) a few straight cuts can give.",
            ],
            plots: [
                Plot(file: "m2_width_ablation.png", title: "M2 width ablation: mean final training loss vs hidden width",
                     kind: "width ablation",
                     description: "Mean final training loss (log scale) against hidden width, with each initialization's loss as a point: more units, lower loss.",
                     xLabel: "hidden width", yLabel: "final training BCE loss", logScaleY: true, logScaleX: true,
                     layers: [.line(label: "mean over initializations", points: zip(Self.widths, means).map { PlotPoint(Double($0), $1) })]
                        + [.scatter(label: "single initializations", points: runs.map { PlotPoint(Double($0.width), $0.finalLoss) },
                                    marker: .circle, filled: false, colorGroup: 1)]),
            ],
            conclusion: ordered
                ? "Pass: the mean final training loss falls at every step from width \(Self.widths.first!) to \(Self.widths.last!)."
                : "Fail: the mean final loss does not fall at every width.",
            provenance: provenance ?? .current(seed: dataset.seed))
    }
}
