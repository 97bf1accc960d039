import Foundation
import Testing
import AutogradEngine
import ExperimentRecords
import Numerics
import WorkbookTesting
import Optimization
import OptimizationExperiments

@Suite("M4 · Optimization and generalization: outcomes")
struct OptimizationOutcomes {
    @Test("Softmax regression reaches ≥ 94% test accuracy on the digits")
    func softmaxRegressionAccuracy() throws {
        try attach(SharedRuns.softmaxRecord.get())
        let fit = try SharedRuns.softmax.get()
        #expect(fit.testAccuracy >= 0.94, "test accuracy \(fit.testAccuracy)")
    }

    @Test("The MLP reaches ≥ 97% test accuracy on the digits")
    func mlpAccuracy() throws {
        try attach(SharedRuns.mlpRecord.get())
        let fit = try SharedRuns.mlp.get()
        #expect(fit.testAccuracy >= 0.97, "test accuracy \(fit.testAccuracy): \(fit.mistakes.count) mistakes")
    }

    @Test("Early stopping keeps the epoch with the lowest validation loss")
    func earlyStoppingKeepsTheBestEpoch() throws {
        try attach(SharedRuns.mlpRecord.get())
        let run = try SharedRuns.mlp.get().run
        let best = run.validationLosses.indices.min { run.validationLosses[$0] < run.validationLosses[$1] }!
        #expect(run.keptEpoch == best)
        if run.stoppedEarly { #expect(run.validationLosses.count - 1 == best + 10, "stopped \(run.validationLosses.count - 1 - best) epochs after the best") }
    }

    @Test("Tuned Adam and momentum reach the loss threshold in fewer epochs than tuned SGD")
    func adaptiveAndMomentumConvergeFaster() throws {
        try attach(SharedRuns.optimizersRecord.get())
        let comparison = try SharedRuns.optimizers.get()
        let sgd = try #require(comparison.tuned("SGD").epochsToThreshold, "SGD never reached the threshold")
        for name in ["Adam", "SGD + momentum"] {
            let epochs = comparison.tuned(name).epochsToThreshold
            #expect(epochs != nil && epochs! < sgd, "\(name): \(String(describing: epochs)) epochs vs SGD \(sgd)")
        }
        for (name, _) in OptimizerComparison.grid {
            #expect(comparison.tunedRateIsInterior(name), "\(name)'s best rate \(comparison.tuned(name).learningRate) is at the edge of its grid: widen the grid")
        }
    }

    @Test("Each optimizer's first two steps on f(θ) = ½(θ₁² + 10θ₂²) equal the update computed by hand",
          arguments: ["SGD", "Momentum", "RMSProp", "Adam", "AdamW"])
    func firstStepsMatchHandComputation(optimizer name: String) throws {
        try attach(SharedRuns.optimizersRecord.get())
        let theta = try Tensor([1, -2], shape: [1, 2])
        let curvature = try Tensor([1, 10], shape: [1, 2])
        var optimizer: any Optimizer = switch name {
        case "SGD": SGD()
        case "Momentum": try Momentum(momentum: 0.9)
        case "RMSProp": try RMSProp(decay: 0.9, epsilon: 1e-8)
        case "Adam": try Adam()
        default: try Adam(weightDecay: 0.1)
        }
        var iterates: [[Double]] = []
        for _ in 0..<2 {
            try ((theta * theta * curvature).sum() * 0.5).backward()
            try optimizer.step([theta], learningRate: 0.1)
            theta.zeroGradient()
            iterates.append(theta.values)
        }
        let expected = Self.handComputed(name)
        for (step, (got, want)) in zip(iterates, expected).enumerated() {
            for i in 0..<2 {
                #expect(abs(got[i] - want[i]) <= 1e-12 * max(1, abs(want[i])), "\(name) step \(step + 1), θ\(i + 1): \(got[i]) vs \(want[i])")
            }
        }
    }

    /// θ after steps 1 and 2 with η = 0.1 from θ₀ = (1, −2), gradient g = (θ₁, 10θ₂), written out by hand.
    static func handComputed(_ name: String) -> [[Double]] {
        let g0 = [1.0, -20]
        switch name {
        case "SGD":       // θ₁ = θ₀ − 0.1·g₀ = (0.9, 0); g₁ = (0.9, 0); θ₂ = (0.81, 0)
            return [[0.9, 0], [0.81, 0]]
        case "Momentum":  // v₁ = g₀, θ₁ = (0.9, 0); v₂ = 0.9·g₀ + g₁ = (1.8, −18), θ₂ = θ₁ − 0.1·v₂
            return [[0.9, 0], [0.72, 1.8]]
        case "RMSProp":   // s₁ = 0.1·g₀², θ₁ = θ₀ − 0.1·g₀/(√s₁ + ε): about θ₀ − 0.1·sign(g₀)/√0.1
            let theta1: [Double] = (0..<2).map { i in
                let s1: Double = 0.1 * g0[i] * g0[i]
                return [1.0, -2][i] - 0.1 * g0[i] / (s1.squareRoot() + 1e-8)
            }
            var theta2: [Double] = []
            for i in 0..<2 {
                let g1: Double = i == 0 ? theta1[0] : 10 * theta1[1]
                let s2: Double = 0.9 * (0.1 * g0[i] * g0[i]) + 0.1 * (g1 * g1)
                theta2.append(theta1[i] - 0.1 * g1 / (s2.squareRoot() + 1e-8))
            }
            return [theta1, theta2]
        default:          // Adam's first step is η·g/(|g| + ε), about η·sign(g) (m̂ = g, v̂ = g²); AdamW first shrinks θ by 1 − ηλ = 0.99
            let decay: Double = name == "AdamW" ? 0.99 : 1
            let theta1: [Double] = (0..<2).map { i in [1.0, -2][i] * decay - 0.1 * g0[i] / (abs(g0[i]) + 1e-8) }
            var theta2: [Double] = []
            for i in 0..<2 {
                let g1: Double = i == 0 ? theta1[0] : 10 * theta1[1]
                let m2: Double = 0.9 * (0.1 * g0[i]) + 0.1 * g1
                let v2: Double = 0.999 * (0.001 * g0[i] * g0[i]) + 0.001 * (g1 * g1)
                let mHat: Double = m2 / (1 - 0.9 * 0.9)
                let vHat: Double = v2 / (1 - 0.999 * 0.999)
                theta2.append(theta1[i] * decay - 0.1 * mHat / (vHat.squareRoot() + 1e-8))
            }
            return [theta1, theta2]
        }
    }

    @Test("On L2-regularized softmax regression the trained loss is within 1e-6 of GSL's BFGS minimum")
    func convexProblemReachesTheOptimum() throws {
        try attach(SharedRuns.convexRecord.get())
        let convex = try SharedRuns.convex.get()
        #expect(abs(convex.gap) <= 1e-6, "trained \(convex.trainedLoss), BFGS \(convex.minimum.value)")
        #expect(convex.minimum.gradientNorm <= 1e-6, "BFGS stopped at gradient norm \(convex.minimum.gradientNorm)")
    }

    @Test("With He initialization the activation scale stays within a factor of 2 over 10 layers; naive initialization explodes")
    func heKeepsTheScale() throws {
        try attach(SharedRuns.initializationRecord.get())
        let study = try SharedRuns.initialization.get()
        #expect(study.spread(.he) <= 2, "He: largest/smallest std \(study.spread(.he))")
        let naive = study.growth(.naive)
        #expect(naive > 100 || naive < 0.01, "naive: last/first std \(naive)")
    }

    @Test("On 100 training digits, weight decay shrinks the train/test loss gap")
    func weightDecayShrinksTheGap() throws {
        try attach(SharedRuns.weightDecayRecord.get())
        let study = try SharedRuns.weightDecay.get()
        #expect(study.withDecay.gap < study.withoutDecay.gap, "gap \(study.withDecay.gap) with decay vs \(study.withoutDecay.gap) without")
    }
}
