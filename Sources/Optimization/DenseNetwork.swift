import AutogradEngine
import GSL
import Numerics

/// A classifier on the engine: dense layers with ReLU between them and one logit per class.
/// Widths [64, 10] make it softmax regression.
public struct DenseNetwork {
    public let widths: [Int]
    public let layers: [(weights: Tensor, bias: Tensor)]

    /// Throws `ArgumentError` unless there are at least two widths (inputs, classes), every
    /// width ≥ 1 and at least two classes.
    public init(widths: [Int], initialization: Initialization, seed: UInt) throws {
        try ArgumentError.require(widths.count >= 2, "widths.count", widths.count, allowed: "needs the input width and the class count at least")
        for (index, width) in widths.enumerated() { try ArgumentError.requireAtLeast(1, width, "widths[\(index)]") }
        try ArgumentError.requireAtLeast(2, widths.last!, "widths.last (classes)")
        let generator = RandomGenerator(seed: seed)
        self.widths = widths
        layers = try zip(widths, widths.dropFirst()).map { fanIn, fanOut in
            try (Tensor(initialization.weights(fanIn: fanIn, fanOut: fanOut, generator: generator), shape: [fanIn, fanOut]),
             try Tensor(Array(repeating: 0, count: fanOut), shape: [fanOut]))
        }
    }

    public var parameters: [Tensor] { layers.flatMap { [$0.weights, $0.bias] } }
    public var parameterCount: Int { parameters.map(\.count).reduce(0, +) }

    /// Logits for a batch of rows; `hidden` receives each hidden layer's activations. Throws
    /// `ArgumentError` unless x is (rows × widths[0]).
    public func logits(_ x: Tensor, hidden: ((Int, Tensor) -> Void)? = nil) throws -> Tensor {
        try ArgumentError.require(x.rank == 2 && x.shape[1] == widths[0], "x.shape", x.shape, allowed: "rows of \(widths[0]) features")
        var h = x
        for (index, layer) in layers.enumerated() {
            h = try h.matmul(layer.weights) + layer.bias
            if index < layers.count - 1 {
                h = h.relu()
                hidden?(index, h)
            }
        }
        return h
    }

    /// Mean cross-entropy on `data`; throws `ArgumentError` for data of another width or
    /// more classes than the network has outputs.
    public func loss(on data: LabeledDataset) throws -> Tensor {
        try validate(data)
        return try logits(Self.input(data)).crossEntropy(targets: data.labels)
    }

    /// The most likely class of every row (throws as `loss(on:)`).
    public func predictions(_ data: LabeledDataset) throws -> [Int] {
        try validate(data)
        let scores = try logits(Self.input(data)).values, classes = widths.last!
        return (0..<data.count).map { r in
            (0..<classes).max { scores[r * classes + $0] < scores[r * classes + $1] }!
        }
    }

    public func accuracy(on data: LabeledDataset) throws -> Double {
        try Numerics.accuracy(predictions: predictions(data), labels: data.labels)
    }

    func validate(_ data: LabeledDataset) throws {
        try ArgumentError.require(data.features.columns == widths[0], "data.features.columns", data.features.columns,
                                  allowed: "the network reads \(widths[0]) features")
        try ArgumentError.require(data.classes <= widths.last!, "data.classes", data.classes,
                                  allowed: "the network has \(widths.last!) class logits")
    }

    /// A copy of every parameter's values (early stopping keeps the best one).
    public func snapshot() -> [[Double]] { parameters.map(\.values) }

    /// Puts back values from `snapshot()`; throws `ArgumentError` for one of another network.
    public func restore(_ snapshot: [[Double]]) throws {
        try ArgumentError.require(snapshot.map(\.count) == parameters.map(\.count), "snapshot sizes", snapshot.map(\.count),
                                  allowed: "this network's parameter sizes \(parameters.map(\.count))")
        for (p, values) in zip(parameters, snapshot) { try p.update { θ, _ in θ = values } }
    }

    public static func input(_ data: LabeledDataset) throws -> Tensor {
        try Tensor(data.features.entries, shape: [data.count, data.features.columns])
    }
}
