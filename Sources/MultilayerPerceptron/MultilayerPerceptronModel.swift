import GSL
import LogisticRegression
import Numerics

/// Dense layers with a nonlinearity between them and one output logit: p(class 1) = σ(z).
/// Forward and backward are written out layer by layer.
public struct MultilayerPerceptronModel: Equatable, Sendable {
    public var layers: [DenseLayer]
    public let activation: Activation

    /// `widths` = [inputs, hidden…, 1]; weights from a generator seeded with `seed`. Throws
    /// `ArgumentError` unless there are at least two widths, each ≥ 1, the last 1.
    public init(widths: [Int], activation: Activation, seed: UInt) throws {
        try ArgumentError.require(widths.count >= 2 && widths.last == 1, "widths", widths,
                                  allowed: "run from the inputs to one output logit, e.g. [2, 8, 1]")
        let generator = RandomGenerator(seed: seed)
        layers = try zip(widths, widths.dropFirst()).map { try DenseLayer(fanIn: $0, fanOut: $1, generator: generator) }
        self.activation = activation
    }

    public var widths: [Int] { (layers.first.map { [$0.weights.rows] } ?? []) + layers.map(\.weights.columns) }

    /// Throws `ArgumentError` unless the layers (a public var a caller may replace) still chain:
    /// each reads what the one before writes, one bias per output, one output logit at the end.
    public func validateLayers() throws {
        try ArgumentError.require(!layers.isEmpty && layers.last!.weights.columns == 1, "layers", "widths \(widths)",
                                  allowed: "at least one layer, ending in one output logit")
        for (index, layer) in layers.enumerated() {
            try ArgumentError.require(layer.bias.count == layer.weights.columns, "layers[\(index)].bias.count", layer.bias.count,
                                      allowed: "one per output (\(layer.weights.columns))")
            if index > 0 {
                try ArgumentError.require(layer.weights.rows == layers[index - 1].weights.columns, "layers[\(index)].weights.rows",
                                          layer.weights.rows, allowed: "the previous layer's \(layers[index - 1].weights.columns) outputs")
            }
        }
    }
    public var parameterCount: Int { layers.map { $0.weights.entries.count + $0.bias.count }.reduce(0, +) }

    /// What the backward pass needs from the forward pass.
    public struct ForwardPass: Sendable {
        /// The input each layer saw: x, then φ(a₁), φ(a₂), …
        public var layerInputs: [Matrix]
        /// Each hidden layer's pre-activation a = x·W + b.
        public var preActivations: [Matrix]
        public var logits: [Double]
    }

    /// ∂L/∂θ for every layer, and ∂L/∂x for the input.
    public struct Gradients: Sendable {
        public var weights: [Matrix]
        public var biases: [[Double]]
        public var input: Matrix
    }

    // listing: mlp-forward
    /// Throws `ArgumentError` unless x has one column per input.
    public func forward(_ x: Matrix) throws -> ForwardPass {
        try validateLayers()
        var pass = ForwardPass(layerInputs: [x], preActivations: [], logits: [])
        for (index, layer) in layers.enumerated() {
            let a = try layer.forward(pass.layerInputs[index])
            if index == layers.count - 1 {
                pass.logits = a.entries                      // the output layer has one column
            } else {
                pass.preActivations.append(a)
                pass.layerInputs.append(a.map(activation.callAsFunction))
            }
        }
        return pass
    }
    // end listing

    public func logits(_ x: Matrix) throws -> [Double] { try forward(x).logits }

    public func predictions(_ x: Matrix) throws -> [Int] { try logits(x).map { $0 >= 0 ? 1 : 0 } }

    // listing: mlp-backward
    /// Mean binary cross-entropy and its gradient by backpropagation: start from
    /// ∂L/∂z = (σ(z) − y)/n at the output, then for each layer from the last to the first
    /// take its three gradients and pass δ back through φ′ of the layer below.
    /// Throws `ArgumentError` for data of another width or labels other than 0 and 1.
    public func lossAndGradients(on data: LabeledDataset) throws -> (loss: Double, gradients: Gradients) {
        // exercise: M2.2 write lossAndGradients(on:), backpropagation from ∂L/∂z = (σ(z) − y)/n through every layer and φ′ (Chapter 2, backpropagation)
        let pass = try forward(data.features)
        let n = Double(data.count)
        let residuals = try binaryCrossEntropyResiduals(logits: pass.logits, labels: data.labels)
        var delta = try Matrix(rows: data.count, columns: 1, entries: residuals.map { $0 / n })
        var weights: [Matrix] = [], biases: [[Double]] = []
        for index in layers.indices.reversed() {
            let step = try layers[index].backward(input: pass.layerInputs[index], outputGradient: delta)
            weights.insert(step.weights, at: 0)
            biases.insert(step.bias, at: 0)
            if index > 0 {
                let (a, h) = (pass.preActivations[index - 1], pass.layerInputs[index])
                delta = try Matrix(rows: a.rows, columns: a.columns, entries: (0..<a.entries.count).map { i in
                    step.input.entries[i] * activation.derivative(at: a.entries[i], output: h.entries[i])
                })
            } else {
                delta = step.input
            }
        }
        let loss = try binaryCrossEntropy(logits: pass.logits, labels: data.labels)
        return (loss, Gradients(weights: weights, biases: biases, input: delta))
        // end exercise
    }
    // end listing
}
