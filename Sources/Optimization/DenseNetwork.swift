import AutogradEngine
import GSL
import Numerics

/// A classifier on the engine: dense layers with ReLU between them and one logit per class.
/// Widths [64, 10] make it softmax regression.
public struct DenseNetwork {
    public let widths: [Int]
    public let layers: [(weights: Tensor, bias: Tensor)]

    public init(widths: [Int], initialization: Initialization, seed: UInt) {
        let generator = RandomGenerator(seed: seed)
        self.widths = widths
        layers = zip(widths, widths.dropFirst()).map { fanIn, fanOut in
            (Tensor(initialization.weights(fanIn: fanIn, fanOut: fanOut, generator: generator), shape: [fanIn, fanOut]),
             Tensor(Array(repeating: 0, count: fanOut), shape: [fanOut]))
        }
    }

    public var parameters: [Tensor] { layers.flatMap { [$0.weights, $0.bias] } }
    public var parameterCount: Int { parameters.map(\.count).reduce(0, +) }

    /// Logits for a batch of rows; `hidden` receives each hidden layer's activations.
    public func logits(_ x: Tensor, hidden: ((Int, Tensor) -> Void)? = nil) -> Tensor {
        var h = x
        for (index, layer) in layers.enumerated() {
            h = h.matmul(layer.weights) + layer.bias
            if index < layers.count - 1 {
                h = h.relu()
                hidden?(index, h)
            }
        }
        return h
    }

    public func loss(on data: LabeledDataset) -> Tensor {
        logits(Self.input(data)).crossEntropy(targets: data.labels)
    }

    public func predictions(_ data: LabeledDataset) -> [Int] {
        let scores = logits(Self.input(data)).values, classes = widths.last!
        return (0..<data.count).map { r in
            (0..<classes).max { scores[r * classes + $0] < scores[r * classes + $1] }!
        }
    }

    public func accuracy(on data: LabeledDataset) -> Double {
        Numerics.accuracy(predictions: predictions(data), labels: data.labels)
    }

    /// A copy of every parameter's values (early stopping keeps the best one).
    public func snapshot() -> [[Double]] { parameters.map(\.values) }

    public func restore(_ snapshot: [[Double]]) {
        for (p, values) in zip(parameters, snapshot) { p.update { θ, _ in θ = values } }
    }

    public static func input(_ data: LabeledDataset) -> Tensor {
        Tensor(data.features.entries, shape: [data.count, data.features.columns])
    }
}
