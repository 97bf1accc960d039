import Testing
import GSL
import MultilayerPerceptron
import MultilayerPerceptronExperiments
import Numerics
import WorkbookTesting

/// What M2's network refuses: widths that do not end in one logit, data of another width,
/// labels outside {0, 1} and descent settings that cannot train.
@Suite("M2 · Multilayer perceptron: what the network refuses")
struct MultilayerPerceptronRefusals {
    @Test("Property: 200 seeded random invalid widths, inputs, labels and settings are refused, never a crash")
    func randomInvalidCalls() throws {
        let split = try ToyDataset.xor.generate()
        let model = try MultilayerPerceptronModel(widths: [2, 4, 1], activation: .tanh, seed: 1)
        expectEveryDrawRefused(draws: 200, seed: 22, "multilayer perceptron call") { g in
            switch try g.integer(below: 5) {
            case 0: _ = try MultilayerPerceptronModel(widths: [2, 4, 2 + (try g.integer(below: 3))], activation: .relu, seed: 1)
            case 1: _ = try model.forward(try Matrix(rows: 3, columns: 3 + (try g.integer(below: 3))))
            case 2:
                let labels = try g.corrupting(split.train.labels, below: 2)
                _ = try model.lossAndGradients(on: LabeledDataset(features: split.train.features, labels: labels))
            case 3:
                var model = model
                _ = try MomentumDescent(learningRate: try g.invalidPositive(), momentum: 0.9, epochs: 1).train(&model, on: split.train)
            default:
                var model = model
                _ = try MomentumDescent(learningRate: 0.1, momentum: [1, 1.5, -0.1][try g.integer(below: 3)], epochs: 1).train(&model, on: split.train)
            }
        }
    }
}
