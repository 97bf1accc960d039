import Testing
import AutogradEngine
import GSL
import Numerics
import Optimization
import WorkbookTesting

/// What the optimizers, the clip and the schedule refuse, and the norm that no longer overflows.
@Suite("M4 · Optimization: what the optimizers and the clip refuse")
struct OptimizationRefusals {
    @Test("Clipping gradients [1e200, 1e200] to norm 1 returns the finite norm 1.41e200 and scales them to [1/√2, 1/√2]")
    func clippingHugeGradients() throws {
        let p = try Tensor([0, 0], shape: [2])
        try (p * 1e200).sum().backward()
        let norm = try clipGradientNorm([p], maxNorm: 1)
        #expect(abs(norm / (2.0.squareRoot() * 1e200) - 1) < 1e-15)
        #expect(p.gradient!.allSatisfy { abs($0 - 1 / 2.0.squareRoot()) < 1e-12 }, "\(p.gradient!)")
    }

    @Test("A gradient norm that is ∞ or NaN is an error by default (PyTorch's error_if_nonfinite), and passes only when asked")
    func nonFiniteNorm() throws {
        let p = try Tensor([0], shape: [1])
        try (p * .infinity).sum().backward()
        #expect(throws: NonFiniteValueError(quantity: "gradient norm", step: nil, value: .infinity)) { try clipGradientNorm([p], maxNorm: 1) }
        #expect(try clipGradientNorm([p], maxNorm: 1, errorIfNonFinite: false) == .infinity)
        #expect(throws: ArgumentError.self) { try clipGradientNorm([p], maxNorm: 0) }
    }

    @Test("Property: 200 seeded random invalid rates, hyper-parameters and schedules are refused, never a crash")
    func randomInvalidSettings() throws {
        let p = try Tensor([1, 2], shape: [2])
        try (p * p).sum().backward()
        expectEveryDrawRefused(draws: 200, seed: 41, "optimizer setting") { g in
            let bad = try g.invalidPositive()
            switch try g.integer(below: 8) {
            case 0: var sgd = SGD(); try sgd.step([p], learningRate: bad == 0 ? -1 : bad)
            case 1: _ = try Momentum(momentum: [1, -0.1, .nan][try g.integer(below: 3)])
            case 2: _ = try RMSProp(decay: 0.9, epsilon: bad)
            case 3: _ = try Adam(beta1: [1, -0.5, .infinity][try g.integer(below: 3)])
            case 4: _ = try WarmupCosineSchedule(peak: bad, floor: 0, warmupSteps: 1, totalSteps: 10)
            case 5: _ = try WarmupCosineSchedule(peak: 1, floor: 0, warmupSteps: 1, totalSteps: 10).rate(at: -1 - (try g.integer(below: 9)))
            case 6: var adam = try Adam(); try adam.step([p], learningRate: 0.1); try adam.step([try Tensor([1, 2, 3], shape: [3])], learningRate: 0.1)
            default: _ = try DenseNetwork(widths: [4, try g.invalidIndex(below: 1) == -1 ? 0 : -3, 2], initialization: .he, seed: 1)
            }
        }
    }
}
