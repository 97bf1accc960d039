import GSL
import Numerics

/// An affine map out = x·W + b on a batch of rows x (batch × fanIn).
public struct DenseLayer: Equatable, Sendable {
    /// fanIn × fanOut.
    public var weights: Matrix
    public var bias: [Double]

    /// Weights drawn from N(0, 1/fanIn), biases zero: each output starts with variance about
    /// that of one input (Chapter 4 compares initializations). Throws `ArgumentError` for a
    /// size below 1.
    public init(fanIn: Int, fanOut: Int, generator: RandomGenerator) throws {
        try ArgumentError.requireAtLeast(1, fanIn, "fanIn")
        try ArgumentError.requireAtLeast(1, fanOut, "fanOut")
        _ = try ArgumentError.checkedProduct([fanIn, fanOut], "fanIn × fanOut")
        let scale = (1 / Double(fanIn)).squareRoot()
        weights = try Matrix(rows: fanIn, columns: fanOut,
                         entries: (0..<(fanIn * fanOut)).map { _ in generator.gaussian(standardDeviation: scale) })
        bias = Array(repeating: 0, count: fanOut)
    }

    /// Throws `ArgumentError` unless there is one bias per output column.
    public init(weights: Matrix, bias: [Double]) throws {
        try ArgumentError.require(bias.count == weights.columns, "bias.count", bias.count, allowed: "one per output (\(weights.columns))")
        self.weights = weights
        self.bias = bias
    }

    // listing: dense-layer
    /// x (batch × fanIn) · W + b; throws `ArgumentError` for another width of x.
    public func forward(_ x: Matrix) throws -> Matrix {
        try x.multiplied(by: weights).addingToEachRow(bias)
    }

    /// Given δ = ∂L/∂out (batch × fanOut) and the input x the forward pass saw:
    ///   ∂L/∂W = xᵀ·δ,   ∂L/∂b = the column sums of δ,   ∂L/∂x = δ·Wᵀ.
    /// Throws `ArgumentError` for shapes that do not match the layer and each other.
    public func backward(input x: Matrix, outputGradient delta: Matrix) throws -> (weights: Matrix, bias: [Double], input: Matrix) {
        // exercise: M2.1 write DenseLayer.backward: ∂L/∂W = xᵀδ, ∂L/∂b = the column sums of δ, ∂L/∂x = δWᵀ (Chapter 2 derives them)
        try (x.transposeMultiplied(by: delta), delta.columnSums(), delta.multipliedByTranspose(of: weights))
        // end exercise
    }
    // end listing
}
