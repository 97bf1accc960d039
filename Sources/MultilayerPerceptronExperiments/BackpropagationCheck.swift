import GSL
import ExperimentRecords
import Numerics
import MultilayerPerceptron
import LogisticRegressionExperiments

/// One block of backpropagated gradients (a layer's weights or bias, or the input) judged
/// against GSL's numeric differentiation of the loss.
public struct BackpropagationCheck: Sendable {
    public let activation: Activation
    /// "layer 1 weights", "layer 2 bias", "input".
    public let block: String
    public let check: GradientCheck

    /// The stated relative bound added to GSL's error estimate.
    public static let relativeTolerance = 1e-6
    /// The network the checks run on: two hidden layers, so every kind of layer appears.
    public static let widths = [2, 5, 4, 1]

    /// The network under check: seeded weights and seeded non-zero biases. With zero biases a
    /// point whose ReLUs are all off reaches the next layer with pre-activation exactly 0, on
    /// the kink, where no derivative exists and GSL's error estimate (which assumes a smooth
    /// function) is confidently wrong.
    public static func checkedModel(activation: Activation, seed: UInt) throws -> MultilayerPerceptronModel {
        var model = try MultilayerPerceptronModel(widths: widths, activation: activation, seed: seed)
        let generator = RandomGenerator(seed: seed + 1)
        for l in model.layers.indices {
            model.layers[l].bias = model.layers[l].bias.map { _ in generator.gaussian(standardDeviation: 0.5) }
        }
        return model
    }

    /// Checks every layer's weights and bias and the input gradient of a seeded network.
    /// `gradients` is the computation under test (backpropagation by default).
    public static func all(
        activation: Activation, data: LabeledDataset, seed: UInt,
        gradients: (MultilayerPerceptronModel, LabeledDataset) throws -> MultilayerPerceptronModel.Gradients = { try $0.lossAndGradients(on: $1).gradients }
    ) throws -> [BackpropagationCheck] {
        let model = try checkedModel(activation: activation, seed: seed)
        let analytic = try gradients(model, data)
        var checks: [BackpropagationCheck] = []
        for l in model.layers.indices {
            let weights = try GradientCheck(function: { flat in
                var perturbed = model
                perturbed.layers[l].weights = try Matrix(rows: model.layers[l].weights.rows, columns: model.layers[l].weights.columns, entries: flat)
                return try perturbed.lossAndGradients(on: data).loss
            }, gradient: analytic.weights[l].entries, at: model.layers[l].weights.entries, relativeTolerance: relativeTolerance)
            let bias = try GradientCheck(function: { flat in
                var perturbed = model
                perturbed.layers[l].bias = flat
                return try perturbed.lossAndGradients(on: data).loss
            }, gradient: analytic.biases[l], at: model.layers[l].bias, relativeTolerance: relativeTolerance)
            checks.append(BackpropagationCheck(activation: activation, block: "layer \(l + 1) weights", check: weights))
            checks.append(BackpropagationCheck(activation: activation, block: "layer \(l + 1) bias", check: bias))
        }
        let input = try GradientCheck(function: { flat in
            let moved = try LabeledDataset(features: Matrix(rows: data.count, columns: data.features.columns, entries: flat), labels: data.labels)
            return try model.lossAndGradients(on: moved).loss
        }, gradient: analytic.input.entries, at: data.features.entries, relativeTolerance: relativeTolerance)
        checks.append(BackpropagationCheck(activation: activation, block: "input", check: input))
        return checks
    }
}
