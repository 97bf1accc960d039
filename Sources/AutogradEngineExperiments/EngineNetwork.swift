import MultilayerPerceptron
import ExperimentRecords
import Numerics
import AutogradEngine
import MultilayerPerceptronExperiments

/// Chapter 2's network rebuilt from engine operations: the same weights, with the gradient
/// now computed by the engine instead of by hand.
public struct EngineNetwork {
    /// Per layer: weights (fanIn × fanOut) and bias (fanOut), as leaves.
    public let parameters: [(weights: Tensor, bias: Tensor)]
    public let activation: Activation

    public init(_ model: MultilayerPerceptronModel) throws {
        parameters = try model.layers.map { layer in
            try (Tensor(layer.weights.entries, shape: [layer.weights.rows, layer.weights.columns]),
             try Tensor(layer.bias, shape: [layer.bias.count]))
        }
        activation = model.activation
    }

    public var leaves: [Tensor] { parameters.flatMap { [$0.weights, $0.bias] } }

    // listing: engine-network
    /// Mean binary cross-entropy, built from engine operations: x·W + b per layer, φ between
    /// layers, then softplus(s·z) with s = 1 − 2y (Chapter 1's stable form).
    public func loss(on data: LabeledDataset) throws -> Tensor {
        var h = try Tensor(data.features.entries, shape: [data.count, data.features.columns])
        for (index, layer) in parameters.enumerated() {
            h = try h.matmul(layer.weights) + layer.bias
            if index < parameters.count - 1 { h = apply(activation, to: h) }
        }
        let signs = try Tensor(data.labels.map { $0 == 1 ? -1.0 : 1.0 }, shape: [data.count])
        return try (h.reshaped([data.count]) * signs).softplus().mean()
    }
    // end listing

    private func apply(_ activation: Activation, to x: Tensor) -> Tensor {
        switch activation {
        case .tanh: x.tanh()
        case .relu: x.relu()
        case .sigmoid: x.sigmoid()
        }
    }

    /// One step of momentum descent on the leaves, exactly as Chapter 2's `MomentumDescent`.
    public func step(_ optimizer: MomentumDescent, velocities: inout [[Double]]) throws {
        for (index, leaf) in leaves.enumerated() {
            try leaf.update { values, gradient in
                for i in values.indices {
                    velocities[index][i] = optimizer.momentum * velocities[index][i] + gradient[i]
                    values[i] -= optimizer.learningRate * velocities[index][i]
                }
            }
            leaf.zeroGradient()
        }
    }
}
