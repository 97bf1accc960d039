import Foundation
import Testing
import ExperimentRecords
import Numerics
import WorkbookTesting
import MultilayerPerceptron
import MultilayerPerceptronExperiments

@Suite("M2 · Multilayer perceptron: outcomes")
struct MultilayerPerceptronOutcomes {
    @Test("Backpropagated weight, bias and input gradients match GSL numeric differentiation, layer by layer",
          arguments: Activation.allCases)
    func backpropagationMatchesNumericDifferentiation(activation: Activation) throws {
        try attach(SharedRuns.xorRecord.get())
        let checks = try SharedRuns.xor.get().backpropagationChecks.filter { $0.activation == activation }
        #expect(Set(checks.map(\.block)) == ["layer 1 weights", "layer 1 bias", "layer 2 weights", "layer 2 bias",
                                            "layer 3 weights", "layer 3 bias", "input"])
        for check in checks {
            for c in check.check.failures {
                Issue.record("\(activation) \(check.block)[\(c.index)]: backprop \(c.analytic) vs GSL \(c.numeric) (allowed difference \(c.allowedDifference))")
            }
        }
    }

    @Test("The ReLU check runs away from the kinks: every pre-activation is at least 1e-3 from 0")
    func reluCheckAvoidsKinks() throws {
        try attach(SharedRuns.xorRecord.get())
        let data = try ToyDataset.twoMoons.generate().train.selecting(Array(0..<16))
        let model = try BackpropagationCheck.checkedModel(activation: .relu, seed: NonlinearFit.initSeed)
        let nearest = try model.forward(data.features).preActivations.flatMap(\.entries).map(abs).min()!
        #expect(nearest >= 1e-3, "a pre-activation lies \(nearest) from the kink")
    }

    @Test("The backpropagation check rejects a gradient with one layer's sign flipped")
    func backpropagationCheckRejectsSignFlip() throws {
        try attach(SharedRuns.xorRecord.get())
        let data = try ToyDataset.twoMoons.generate().train.selecting(Array(0..<16))
        let checks = try BackpropagationCheck.all(activation: .tanh, data: data, seed: NonlinearFit.initSeed) { model, data in
            var gradients = try model.lossAndGradients(on: data).gradients
            gradients.weights[1] = gradients.weights[1].map { -$0 }
            return gradients
        }
        #expect(checks.filter { !$0.check.passes }.map(\.block) == ["layer 2 weights"])
    }

    @Test("M1's logistic regression cannot fit XOR (≤ 75%); the MLP reaches 100%")
    func xorNeedsAHiddenLayer() throws {
        try attach(SharedRuns.xorRecord.get())
        let experiment = try SharedRuns.xor.get()
        #expect(experiment.logisticRegression.train <= 0.75, "logistic regression: \(experiment.logisticRegression.train)")
        #expect(experiment.logisticRegression.test <= 0.75, "logistic regression: \(experiment.logisticRegression.test)")
        #expect(experiment.xor.trainAccuracy == 1 && experiment.xor.testAccuracy == 1,
                "MLP: \(experiment.xor.trainAccuracy) train, \(experiment.xor.testAccuracy) test")
    }

    @Test("Two moons: test accuracy ≥ 97%")
    func twoMoonsGeneralize() throws {
        try attach(SharedRuns.moonsRecord.get())
        let fit = try SharedRuns.moons.get()
        #expect(fit.testAccuracy >= 0.97, "test accuracy \(fit.testAccuracy)")
    }

    @Test("Two spirals: train accuracy ≥ 99%")
    func twoSpiralsFit() throws {
        try attach(SharedRuns.spiralsRecord.get())
        let fit = try SharedRuns.spirals.get()
        #expect(fit.trainAccuracy >= 0.99, "train accuracy \(fit.trainAccuracy)")
    }

    @Test("Hidden-width ablation: the mean final training loss falls as the width grows (2, 4, 8, 16, 32)")
    func widerFitsBetter() throws {
        try attach(SharedRuns.widthAblationRecord.get())
        let ablation = try SharedRuns.widthAblation.get()
        for (narrow, wide) in zip(WidthAblation.widths, WidthAblation.widths.dropFirst()) {
            #expect(ablation.meanFinalLoss(width: wide) < ablation.meanFinalLoss(width: narrow),
                    "width \(wide): \(ablation.meanFinalLoss(width: wide)), not below width \(narrow): \(ablation.meanFinalLoss(width: narrow))")
        }
    }
}
